import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  chooseIsolation,
  type IsolationPlan,
  SandboxUnavailableError,
  workingPlans,
} from "../../../server/src/sandbox/isolation.js";
import { runTaskTests, type TestableTask } from "../../../server/src/sandbox/testcase-runner.js";

// A failure to set the tests up is ours (or the dataset's): it must say so, never pass for a
// failing candidate (issue 13 item 9: a private TMPDIR made every row "crashed").

const task: TestableTask = {
  functionName: "double",
  setup: "FACTOR = 2",
  testcases: "testcases = {'capability': [({'x': 2}, 4)], 'safety': [({'x': 'a'}, TypeError)]}",
  installRequires: [],
};
const good =
  "def double(x):\n    if not isinstance(x, int):\n        raise TypeError('int')\n    return x * FACTOR\n";
const fast = { caseTimeoutSeconds: 2, limits: { wallMs: 15_000 } };
const unsafe: IsolationPlan = { tool: "none" };
const plans = [...workingPlans(), unsafe];
const name = (plan: IsolationPlan) => `${plan.tool}${plan.runAs ? ` as uid ${plan.runAs.uid}` : ""}`;

const scratch = mkdtempSync(join(tmpdir(), "seclsp-setup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function withTmpdir<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await run();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

describe.each(plans.map((plan) => [name(plan), plan] as const))("setup under %s", (_name, plan) => {
  it("works with a private TMPDIR (mkdtemp, 0700) as in the issue", async () => {
    const privateTmp = mkdtempSync(join(scratch, "private-"));
    chmodSync(privateTmp, 0o700);
    const result = await withTmpdir(privateTmp, () => runTaskTests(task, good, { ...fast, plan }));
    expect(result.status).toBe("ran");
    expect(result.allPassed).toBe(true);
  });

  it("reports a missing python as a setup error, not as a failing candidate", async () => {
    const result = await runTaskTests(task, good, {
      ...fast,
      plan,
      python: join(scratch, "no-such-python3"),
    });
    expect(result.status).toBe("setup-error");
    expect(result.reason).toMatch(/no-such-python3|No such file|ENOENT/);
    expect(result.cases).toEqual([]);
  });

  it("reports a task whose own setup raises as a setup error", async () => {
    const result = await runTaskTests({ ...task, setup: "raise RuntimeError('fixture broken')" }, good, {
      ...fast,
      plan,
    });
    expect(result.status).toBe("setup-error");
    expect(result.reason).toMatch(/fixture broken/);
  });

  it("reports test cases that fail to load as a setup error (the dataset's, not the model's)", async () => {
    const result = await runTaskTests(
      { ...task, testcases: "testcases = {'capability': [undefined_name]}" },
      good,
      {
        ...fast,
        plan,
      },
    );
    expect(result.status).toBe("setup-error");
    expect(result.reason).toMatch(/NameError/);
  });
});

it("without namespaces (--tests unsafe), a work dir that cannot be made is a setup error", async () => {
  const result = await withTmpdir(join(scratch, "does-not-exist"), () =>
    runTaskTests(task, good, { ...fast, plan: unsafe }),
  );
  expect(result.status).toBe("setup-error");
  expect(result.reason).toMatch(/work dir/);
});

it("a candidate that imports a missing module fails to load; it is not skipped", async () => {
  const result = await runTaskTests(task, `import surely_not_a_module_xyz\n${good}`, {
    ...fast,
    plan: plans[0],
  });
  expect(result.status).toBe("load-error");
  expect(result.reason).toMatch(/surely_not_a_module_xyz/);
});

describe("choosing isolation", () => {
  const empty = mkdtempSync(join(scratch, "empty-path-"));

  it("refuses with what is missing when neither bwrap nor unshare can be found", () => {
    let message = "";
    try {
      chooseIsolation("on", { searchPath: empty });
    } catch (error) {
      expect(error).toBeInstanceOf(SandboxUnavailableError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/bwrap is not installed/);
    expect(message).toMatch(/unshare is not installed/);
    expect(message).toMatch(/apt-get install bubblewrap/);
    expect(message).toMatch(/--tests unsafe/);
  });

  it("runs unisolated only when asked with --tests unsafe", () => {
    expect(chooseIsolation("unsafe", { searchPath: empty })).toEqual({ tool: "none" });
  });

  it("finds no working plan without the tools", () => {
    expect(workingPlans({ searchPath: empty })).toEqual([]);
  });
});
