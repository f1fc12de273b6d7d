import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Finding } from "../../../server/src/analysis/finding.js";
import { applyEdits } from "../../../server/src/workflows/compute-edit.js";
import { proposeFix } from "../../../server/src/workflows/propose-fix.js";
import { type FakeOpenAIServer, startFakeOpenAI } from "../../fakes/openai-server.js";
import { fakeContext, py, WARM_UP_TIMEOUT_MS, warmUpAnalyzer } from "./harness.js";

let server: FakeOpenAIServer;
beforeAll(warmUpAnalyzer, WARM_UP_TIMEOUT_MS);
// Each test analyzes several candidates; leave room for a CPU-starved CI machine.
vi.setConfig({ testTimeout: 120_000 });
beforeEach(async () => {
  server = await startFakeOpenAI();
});
afterEach(async () => {
  await server.close();
});

// A document as an editor holds it: CRLF line endings, code around the flawed function.
const doc =
  "import pickle\r\n\r\n\r\ndef load_session(blob):\r\n    return pickle.loads(blob)\r\n\r\n\r\ndef other():\r\n    return 1\r\n";
const fixed =
  "import json\n\n\ndef load_session(blob):\n    return json.loads(blob)\n\n\ndef other():\n    return 1\n";

async function target(ctx: ReturnType<typeof fakeContext>): Promise<Finding[]> {
  const found = (await ctx.analyze(doc)).filter((f) => f.cwes.includes("CWE-502"));
  expect(found.length).toBeGreaterThan(0);
  return found;
}

describe("proposeFix", () => {
  it("returns minimal edits against the document (its line endings kept) for a verified fix", async () => {
    const ctx = fakeContext(server);
    server.enqueue({ content: py(fixed) });
    const proposal = await proposeFix(ctx, doc, await target(ctx), { feedback: "direct" });
    expect(proposal.verified).toBe(true);
    expect(proposal.summary).toMatch(/^Fixed py\/unsafe-deserialization \(CWE-502\) in 1 round$/);
    expect(applyEdits(doc, proposal.edits)).toBe(fixed.replace(/\n/g, "\r\n"));
    expect(proposal.edits.every((e) => e.range.start.line === 0 || e.range.start.line === 4)).toBe(true);
  });

  it("offers an unverified fix with the reason when the finding survives", async () => {
    const ctx = fakeContext(server);
    const still = fixed
      .replace("return json.loads(blob)", "data = pickle.loads(blob)\n    return data")
      .replace("import json", "import pickle");
    server.enqueue({ content: py(still) });
    const proposal = await proposeFix(ctx, doc, await target(ctx), { feedback: "direct", maxRounds: 1 });
    expect(proposal.verified).toBe(false);
    expect(proposal.edits.length).toBeGreaterThan(0);
    expect(proposal.unverifiedReason).toMatch(
      /^after 1 round\(s\) the analyzer still reports py\/unsafe-deserialization \(CWE-502\) at line 5$/,
    );
    expect(proposal.summary).toMatch(
      /^Unverified fix for py\/unsafe-deserialization \(CWE-502\): after 1 round/,
    );
  });

  it("offers nothing when the model returned no code", async () => {
    const ctx = fakeContext(server);
    server.enqueue({ content: "Use json instead." });
    const proposal = await proposeFix(ctx, doc, await target(ctx), { feedback: "direct", maxRounds: 1 });
    expect(proposal.edits).toEqual([]);
    expect(proposal.verified).toBe(false);
    expect(proposal.summary).toBe("No fix for py/unsafe-deserialization (CWE-502): model returned no code");
  });
});
