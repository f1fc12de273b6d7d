import { describe, expect, it } from "vitest";
import { tempPathUse } from "../../../../server/src/analysis/embedded/temp-path-use.js";

/** The use of the first `"/tmp…"` literal of the snippet. */
function useOf(code: string): string {
  const lines = code.split("\n");
  const row = lines.findIndex((l) => l.includes('"/tmp'));
  const column = lines[row]!.indexOf('"/tmp');
  const value = /"([^"]*)"/.exec(lines[row]!.slice(column))?.[1];
  return tempPathUse(lines, row, column, value);
}

describe("S108 literal use", () => {
  it("counts call arguments, assignments, keywords and defaults as file names", () => {
    expect(useOf('open("/tmp/app.lock", "w")')).toBe("file");
    expect(useOf('shutil.copy(src, "/tmp/out.txt")')).toBe("file");
    expect(useOf('LOG = "/tmp/app.log"')).toBe("file");
    expect(useOf('logging.FileHandler(filename="/tmp/app.log")')).toBe("file");
    expect(useOf('def save(path="/tmp/cache.db"):')).toBe("file");
    expect(useOf('with open(\n        "/tmp/report.txt", "w") as f:')).toBe("file");
  });

  it("counts dict values, table rows and comparisons as data", () => {
    expect(useOf("CONFIG = {\n    'abs_builddir': \"/tmp/build/Python\",\n}")).toBe("data");
    expect(useOf("tests = [\n    ('create', (\"/tmp/xxx 1\",)),\n]")).toBe("data");
    expect(useOf('if path == "/tmp/x":')).toBe("data");
    expect(useOf('print("/tmp/x is used")')).toBe("file"); // a call argument: could be opened
  });

  it("counts the temporary directory itself as a directory", () => {
    expect(useOf('base = "/tmp"')).toBe("directory");
    expect(useOf('base = "/var/tmp/"'.replace('"/var', '"/tmp/../var'))).toBe("file");
  });

  it("decides on the end of a hostile long line (many open calls before the literal)", () => {
    const line = `${"f(a, ".repeat(200_000)}"/tmp/x")`;
    const column = line.indexOf('"/tmp');
    expect(tempPathUse([line], 0, column, "/tmp/x")).toBe("file");
    const data = `${"(".repeat(100_000)}"/tmp/x"`;
    expect(tempPathUse([data], 0, data.indexOf('"/tmp'), "/tmp/x")).toBe("data");
  });
});
