import { fence } from "./output-format.js";
import type { DescribedTask, TaskSpec } from "./task-spec.js";

/**
 * The task itself as every prompt shows it (vanilla, hint prediction, hint-augmented,
 * contextual hint): a stub in a python fence, a described function in the paper's Figure 2
 * layout, or the prose as written.
 */
export function taskStatement(spec: TaskSpec): string {
  switch (spec.kind) {
    case "stub":
      return fence(spec.code);
    case "prose":
      return spec.text.trim();
    case "described":
      return describedTaskText(spec);
  }
}

/**
 * Paper Fig. 2 style for SecCodePLT: function name, description, context, arguments, return,
 * raise — sections that are empty or "None" are left out; the security policy is never a field
 * (it would be a hint). The setup code is the only part in a code fence.
 */
export function describedTaskText(task: DescribedTask): string {
  const section = (title: string, body: string | undefined): string[] => {
    const text = body?.trim() ?? "";
    return text === "" || text === "None" ? [] : [`${title}:`, text, ""];
  };
  const lines = [
    `Function Name: ${task.functionName}`,
    "",
    ...section("Description", task.description),
    ...section("Context (global variables and imported packages)", task.context),
    ...section("Arguments", task.arguments),
    ...section("Return", task.returns),
    ...section("Raise", task.raises),
  ];
  const setup = task.setup?.trim() ?? "";
  if (setup !== "") {
    lines.push("Setup code (runs before the function, which may use what it defines):", fence(setup), "");
  }
  lines.push(`Implement the Python function ${task.functionName} as described above.`);
  return lines.join("\n");
}
