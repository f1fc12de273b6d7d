import { beforeAll, describe, expect, it } from "vitest";
import { ChecksPass } from "../../../../../server/src/analysis/embedded/checks/checks-pass.js";
import { isTestSettingsPath } from "../../../../../server/src/analysis/embedded/checks/csrf-checks.js";
import { EmbeddedAnalyzer } from "../../../../../server/src/analysis/embedded/embedded-analyzer.js";

const pass = new ChecksPass();
let counter = 0;
const csrfLines = (text: string, path = `/srv/app/views_${counter++}.py`) =>
  pass
    .analyze({ path, text })
    .filter((f) => f.ruleId === "py/csrf-protection-disabled")
    .map((f) => f.range.start.line + 1);

describe("csrf checks", () => {
  beforeAll(async () => {
    await EmbeddedAnalyzer.ready();
  });

  it("reports Django exemptions in every spelling, resolved through imports", () => {
    const text = [
      "from django.views.decorators import csrf",
      "from django.views.decorators.csrf import csrf_exempt as no_csrf",
      "@csrf.csrf_exempt",
      "def a(request): ...",
      "@no_csrf",
      "def b(request): ...",
      "urlpatterns = [path('c/', no_csrf(c))]",
    ].join("\n");
    expect(csrfLines(text)).toEqual([3, 5, 7]);
  });

  it("reports Flask-WTF exemptions only on a CSRFProtect object", () => {
    const text = [
      "from flask_wtf.csrf import CSRFProtect",
      "csrf = CSRFProtect()",
      "limiter = make_limiter()",
      "@csrf.exempt",
      "def a(): ...",
      "@limiter.exempt",
      "def b(): ...",
      "csrf.exempt(api_blueprint)",
    ].join("\n");
    expect(csrfLines(text)).toEqual([4, 8]);
  });

  it("reports WTForms forms that turn CSRF off, not those that keep it", () => {
    const text = [
      "class A(FlaskForm):",
      "    class Meta:",
      "        csrf = False",
      "class B(FlaskForm):",
      "    class Meta:",
      "        csrf = True",
      "form = B(meta={'csrf': False})",
      "form = B(meta={'csrf': True})",
    ].join("\n");
    expect(csrfLines(text)).toEqual([3, 7]);
  });

  it("keeps test configurations and token-authenticated API views quiet", () => {
    const config = [
      "class TestConfig:",
      "    TESTING = True",
      "    WTF_CSRF_ENABLED = False",
      "class LiveConfig:",
      "    WTF_CSRF_ENABLED = False",
    ].join("\n");
    expect(csrfLines(config)).toEqual([5]);
    const view = [
      "from django.views.decorators.csrf import csrf_exempt",
      "@csrf_exempt",
      "@authentication_classes([TokenAuthentication])",
      "def a(request): ...",
      "@csrf_exempt",
      "@authentication_classes([SessionAuthentication, TokenAuthentication])",
      "def b(request): ...",
    ].join("\n");
    expect(csrfLines(view)).toEqual([5]);
    const classView = [
      "from django.utils.decorators import method_decorator",
      "from django.views.decorators.csrf import csrf_exempt",
      '@method_decorator(csrf_exempt, name="dispatch")',
      "class A(APIView):",
      "    authentication_classes = [TokenAuthentication]",
      '@method_decorator(csrf_exempt, name="dispatch")',
      "class B(APIView):",
      "    authentication_classes = (SessionAuthentication,)",
    ].join("\n");
    expect(csrfLines(classView)).toEqual([6]);
    const settings = 'MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]\n';
    expect(csrfLines(settings, "/srv/app/settings.py")).toEqual([1]);
    expect(csrfLines(settings, "/srv/app/settings_test.py")).toEqual([]);
    expect(csrfLines(settings, "/srv/app/integration-tests/settings.py")).toEqual([]);
  });

  it("follows middleware lists completed or emptied later in the settings module", () => {
    const base = 'MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]';
    const csrf = '"django.middleware.csrf.CsrfViewMiddleware"';
    expect(csrfLines(`${base}\nMIDDLEWARE += [${csrf}]\n`, "/srv/app/settings.py")).toEqual([]);
    expect(csrfLines(`${base}\nMIDDLEWARE.insert(1, ${csrf})\n`, "/srv/app/settings.py")).toEqual([]);
    const removed = `MIDDLEWARE = ["django.middleware.common.CommonMiddleware", ${csrf}]\nMIDDLEWARE.remove(${csrf})\n`;
    expect(csrfLines(removed, "/srv/app/settings.py")).toEqual([2]);
  });

  it("tells test settings paths by the file and its folder only", () => {
    expect(isTestSettingsPath("/home/tests/project/app/settings.py")).toBe(false);
    expect(isTestSettingsPath("/home/u/project/testing/settings.py")).toBe(true);
  });
});
