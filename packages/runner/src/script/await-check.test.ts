import { describe, expect, it } from "vitest";
import { findUnawaitedCalls } from "./await-check.js";

const imports = 'import http from "k6/http";\nimport { check, sleep } from "k6";\n';

/** The callees reported in `body`, a script that starts with the default imports. */
function reported(body: string, header = imports): string[] {
  return findUnawaitedCalls(header + body, "script.js").map((finding) => finding.callee);
}

describe("findUnawaitedCalls: where a call is reported", () => {
  it("reports a call as a statement, with file, 1-based line and column, and a fix-it", () => {
    const source = `${imports}export default async function () {\n  http.get("https://test.k6.io");\n}\n`;
    expect(findUnawaitedCalls(source, "tests/smoke.js")).toEqual([
      {
        file: "tests/smoke.js",
        line: 4,
        column: 3,
        callee: "http.get",
        message: "http.get() returns a promise in Barrage: write `await http.get(...)` (line 4, column 3)",
      },
    ]);
  });

  it("asks for an async function when the enclosing function is not async", () => {
    const [finding] = findUnawaitedCalls(`${imports}export default function () {\n\tsleep(1);\n}\n`, "s.js");
    expect(finding?.message).toBe(
      "sleep() returns a promise in Barrage: write `await sleep(...)` in a function declared async (line 4, column 2)",
    );
  });

  it("suggests parentheses when a property of the promise is read", () => {
    const [finding] = findUnawaitedCalls(`${imports}const status = http.get(u).status;\n`, "s.js");
    expect(finding?.message).toBe(
      "http.get() returns a promise in Barrage: write `(await http.get(...)).status` (line 3, column 16)",
    );
  });

  it.each([
    ["a statement", "sleep(1);"],
    ["a variable that is never awaited", "const res = http.get(u);"],
    [
      "a variable only passed to check",
      "const res = http.post(u, b); check(res, { ok: (r) => r.status === 200 });",
    ],
    ["a variable whose property is read", "const res = http.get(u); const body = res.body;"],
    ["a variable awaited before the call", "let res; await res; res = http.get(u);"],
    ["an assignment to a property", "const out = {}; out.res = http.get(u);"],
    ["a compound assignment", "let t = 0; t += http.get(u);"],
    ["a destructuring initialiser", "const { status } = http.get(u);"],
    ["a property read", "console.log(http.get(u).status);"],
    ["a computed property read", 'const x = http.batch(reqs)["0"];'],
    ["an if condition", "if (http.head(u)) {}"],
    ["a conditional's test", "const x = http.get(u) ? 1 : 2;"],
    ["a logical expression's left side", "const x = http.get(u) || fallback;"],
    ["a non-final sequence element", "const x = (http.get(u), 1);"],
    ["a binary operand", 'const x = "res: " + http.get(u);'],
    ["an object property value", "const x = { res: http.get(u) };"],
    ["a spread argument", "Promise.all(...http.batch(reqs));"],
    ["an argument of k6's check", "check(http.get(u), { ok: (r) => r.status === 200 });"],
    ["a call of the result", "http.get(u)();"],
    ["a chained property that is not then/catch/finally", "http.get(u).json();"],
    ["a then that is read but not called", "const t = http.get(u).then;"],
  ])("reports %s", (_case, body) => {
    expect(reported(body)).toHaveLength(1);
  });
});

describe("findUnawaitedCalls: what counts as waited for", () => {
  it.each([
    ["await", "const res = await http.get(u);"],
    ["await in a condition", "if ((await http.get(u)).status === 200) {}"],
    ["a return", "function f() { return http.get(u); }"],
    ["an arrow function's expression body", "const fetchAll = (urls) => urls.map((u) => http.get(u));"],
    ["array elements", "const [a, b] = await Promise.all([http.get(x), http.post(y)]);"],
    [
      "an argument of another call",
      "await Promise.race([http.get(u), sleep(5)]); await expect(http.get(u));",
    ],
    ["then, catch and finally", "http.get(u).then(f); http.get(u).catch(f); http.get(u).finally(f);"],
    ["an optional then", "http.get(u)?.then(f);"],
    ["a variable awaited later", "const p = http.get(u); doOtherWork(); const res = await p;"],
    [
      "variables gathered in Promise.all",
      "const a = http.get(x); const b = sleep(1); await Promise.all([a, b]);",
    ],
    ["a variable returned later", "function f() { const p = http.get(u); return p; }"],
    ["a variable chained later", "const p = http.get(u); p.then(f);"],
    ["an assignment awaited later", "let p; if (c) { p = http.get(u); } else { p = http.get(v); } await p;"],
    ["conditional branches", "await (c ? http.get(a) : http.del(b));"],
    ["a logical expression's right side", "await (cached || http.get(u));"],
    ["a final sequence element", "await (log(), http.get(u));"],
    ["an optional call", "await http.get?.(u);"],
    ["an awaited optional chain", "await http?.options(u);"],
    ["top-level await", "await sleep(1);"],
  ])("accepts %s", (_case, body) => {
    expect(reported(body)).toEqual([]);
  });

  it("does not count an await of another variable with the same name", () => {
    const body =
      "async function a() { const p = http.get(u); }\n" +
      "async function b() { const p = other(); await p; }\n";
    expect(reported(body)).toEqual(["http.get"]);
  });

  it("does not count an await of a shadowing variable in an inner block", () => {
    const body = "const p = http.get(u); { const p = other(); await p; }";
    expect(reported(body)).toEqual(["http.get"]);
  });
});

describe("findUnawaitedCalls: resolving names through imports", () => {
  it.each([
    ["a default import", 'import http from "k6/http";', "http.get(u);", "http.get"],
    ["a namespace import", 'import * as web from "k6/http";', "web.post(u, b);", "web.post"],
    ["a default named import", 'import { default as h } from "k6/http";', "h.batch(reqs);", "h.batch"],
    ["a computed member", 'import http from "k6/http";', 'http["put"](u, b);', 'http["put"]'],
    ["a named import", 'import { patch } from "k6/http";', "patch(u, b);", "patch"],
    ["an aliased named import", 'import { request as send } from "k6/http";', 'send("GET", u);', "send"],
    ["a string-named import", 'import { "asyncRequest" as ar } from "k6/http";', 'ar("GET", u);', "ar"],
    ["an aliased sleep", 'import { sleep as pause } from "k6";', "pause(1);", "pause"],
    ["sleep on k6's default export", 'import k6 from "k6";', "k6.sleep(1);", "k6.sleep"],
  ])("follows %s", (_case, header, body, callee) => {
    expect(reported(body, `${header}\n`)).toEqual([callee]);
  });

  it("covers every waiting function of k6/http and k6", () => {
    const names = [
      "get",
      "post",
      "put",
      "patch",
      "del",
      "head",
      "options",
      "request",
      "batch",
      "asyncRequest",
    ];
    const body = `${names.map((name) => `http.${name}(u);`).join("\n")}\nsleep(1);\n`;
    expect(reported(body)).toEqual([...names.map((name) => `http.${name}`), "sleep"]);
  });

  it("names the imported function in the message when the script aliases it", () => {
    const source = 'import { get as g } from "k6/http";\ng(u);\n';
    expect(findUnawaitedCalls(source, "s.js")[0]?.message).toBe(
      'g() (http.get from "k6/http") returns a promise in Barrage: write `await g(...)` (line 2, column 1)',
    );
  });

  it.each([
    [
      "k6 functions that do not wait",
      'import http from "k6/http";\nimport { check, group } from "k6";',
      "check(r, {}); group('g', f); http.url`x`; http.cookieJar();",
    ],
    ["names that are not imported", "", "http.get(u); sleep(1); get(u);"],
    [
      "imports from other modules",
      'import { get, sleep } from "./lib.js";\nimport http from "k6/x/http";',
      "get(u); sleep(1); http.get(u);",
    ],
    [
      "other members of an aliased function",
      'import { get } from "k6/http";',
      "get.call(null, u); get.bind(null)(u);",
    ],
  ])("ignores %s", (_case, header, body) => {
    expect(reported(body, `${header}\n`)).toEqual([]);
  });
});

describe("findUnawaitedCalls: local names that shadow the imports", () => {
  it.each([
    ["a parameter", "function f(http) { http.get(u); }"],
    ["an arrow parameter", "const f = (sleep) => { sleep(1); };"],
    ["a destructured parameter", "function f({ sleep }, [http]) { sleep(1); http.get(u); }"],
    ["a default and rest parameter", "function f(sleep = noop, ...http) { sleep(1); http.get(u); }"],
    ["a block-scoped const", "{ const sleep = noop; sleep(1); }"],
    ["a var hoisted from a nested block", "function f() { if (c) { var http = mock; } http.get(u); }"],
    ["a function declared later in the block", "function f() { sleep(1); function sleep() {} }"],
    ["a catch parameter", "try { x(); } catch (http) { http.get(u); }"],
    ["a for-of binding", "for (const http of clients) http.get(u);"],
    ["a for binding", "for (let sleep = noop; c; ) sleep(1);"],
    ["a class expression's own name", "const C = class sleep { m() { sleep(1); } };"],
    ["a named function expression's own name", "const f = function sleep() { sleep(1); };"],
    ["a switch-case declaration", "switch (x) { case 1: const sleep = noop; sleep(1); }"],
  ])("ignores a call through %s", (_case, body) => {
    expect(reported(body)).toEqual([]);
  });

  it("still reports the import outside the shadowing scope", () => {
    const body =
      "function f(http) { http.get(u); }\nfunction g() { http.get(u); }\n{ let sleep = noop; }\nsleep(1);";
    expect(reported(body)).toEqual(["http.get", "sleep"]);
  });

  it("does not let a var in a nested function shadow the outer one", () => {
    expect(reported("function f() { function g() { var sleep; } sleep(1); }")).toEqual(["sleep"]);
  });
});

describe("findUnawaitedCalls: files with several calls", () => {
  it("reports each call in source order, in nested functions too", () => {
    const source = [
      'import http from "k6/http";',
      'import { group, sleep } from "k6";',
      "export default async function () {",
      '  group("login", async () => {',
      "    http.post(url, body);",
      "    await sleep(1);",
      "  });",
      "  const res = await http.get(url);",
      "  function inner() {",
      "    sleep(0.5);",
      "  }",
      "  http.del(url);",
      "}",
    ].join("\n");
    const findings = findUnawaitedCalls(source, "flow.js");
    expect(findings.map(({ line, column, callee }) => ({ line, column, callee }))).toEqual([
      { line: 5, column: 5, callee: "http.post" },
      { line: 10, column: 5, callee: "sleep" },
      { line: 12, column: 3, callee: "http.del" },
    ]);
    expect(findings[1]?.message).toContain("in a function declared async");
    expect(findings[0]?.message).not.toContain("async");
  });

  it("counts columns in UTF-16 code units after non-ASCII text", () => {
    const [finding] = findUnawaitedCalls(`${imports}const s = "ü🙂"; sleep(1);\n`, "s.js");
    // "ü" is one code unit and "🙂" two, so the call starts at the 18th.
    expect(finding).toMatchObject({ line: 3, column: 18 });
  });

  it("refuses a script that does not parse, naming the file and position", () => {
    expect(() => findUnawaitedCalls(`${imports}export default function ( {\n`, "broken.js")).toThrow(
      "cannot check broken.js for calls missing await: it is not a valid ES module at line 4, column 1: Unexpected token",
    );
  });
});
