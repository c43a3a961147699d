import {
  type AnyNode,
  type CallExpression,
  type MemberExpression,
  type Pattern,
  type Program,
  parse,
  type Statement,
  type VariableDeclaration,
} from "acorn";
import { ancestor, recursive } from "acorn-walk";

/** A call to a waiting function (an `http` request or `sleep`) whose promise is never waited for. */
export interface UnawaitedCall {
  file: string;
  /** 1-based line of the call. */
  line: number;
  /** 1-based column of the call, counting UTF-16 code units as editors show columns (a tab is 1). */
  column: number;
  /** The callee as written in the script, e.g. `http.get`, or `g` for `import { get as g }`. */
  callee: string;
  /** What is wrong and the fix, with the line and column. */
  message: string;
}

/** What a module-level name refers to: an export of a k6 module, or the whole module (`*`). */
interface ImportedName {
  module: string;
  name: string;
}

const waitingExports: Record<string, ReadonlySet<string>> = {
  "k6/http": new Set([
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
  ]),
  k6: new Set(["sleep"]),
};

/**
 * Finds the calls in a k6-style script that return a promise in Barrage (`http.get`, ...,
 * `http.asyncRequest`, `sleep`) and whose promise is dropped, so the script silently misbehaves.
 *
 * Names are resolved through the script's imports of `k6/http` and `k6`, aliases included; a
 * local declaration or parameter of the same name in an inner scope is not an import and is left
 * alone. A call is fine when its promise is awaited, returned (also as an arrow function's body),
 * put in an array, passed to another call (except k6's `check`, which reads the response at
 * once), chained with `.then`/`.catch`/`.finally`, or stored in a variable that is later awaited,
 * returned, put in an array or chained in the same scope. Every other call is reported.
 *
 * @param source the original script (JavaScript ES module), not its bundle
 * @param file the script's path, copied into each finding
 * @returns the findings in source order
 * @throws Error with file, line and column when the source does not parse
 * @example
 * findUnawaitedCalls('import http from "k6/http";\nexport default function () { http.get(u); }', "test.js");
 * // [{ file: "test.js", line: 2, column: 30, callee: "http.get", message: "http.get() returns a promise ..." }]
 */
export function findUnawaitedCalls(source: string, file: string): UnawaitedCall[] {
  const program = parseModule(source, file);
  const imports = importedNames(program);
  const scopes = new ScopeIndex();
  const candidates: { call: CallExpression; ancestors: AnyNode[]; export: ImportedName }[] = [];
  ancestor(program, {
    CallExpression(call, _state, ancestors) {
      const target = resolveImported(call.callee, ancestors, imports, scopes);
      if (target && waitingExports[target.module]?.has(target.name)) {
        candidates.push({ call, ancestors: [...ancestors], export: target });
      }
    },
  });

  const uses = candidates.map((candidate) => ({
    ...candidate,
    use: useOf(candidate.ancestors, imports, scopes),
  }));
  const storedNames = new Set(uses.flatMap(({ use }) => (use.kind === "stored" ? [use.name] : [])));
  const isWaitedLater = laterWaitFinder(program, storedNames, imports, scopes);
  const findings: UnawaitedCall[] = [];
  for (const { call, ancestors, export: target, use } of uses) {
    const fine =
      use.kind === "waited" ||
      (use.kind === "argument" && !use.toCheck) ||
      (use.kind === "stored" && isWaitedLater(use, call));
    if (!fine) findings.push(finding(source, file, call, ancestors, target, use));
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

function parseModule(source: string, file: string): Program {
  try {
    return parse(source, { ecmaVersion: "latest", sourceType: "module", locations: true });
  } catch (error) {
    const { loc } = error as { loc?: { line: number; column: number } };
    const where = loc ? ` at line ${loc.line}, column ${loc.column + 1}` : "";
    // acorn ends its message with a 0-based "(line:column)", replaced here by the 1-based one.
    const problem = (error as Error).message.replace(/ \(\d+:\d+\)$/, "");
    throw new Error(
      `cannot check ${file} for calls missing await: it is not a valid ES module${where}: ${problem}`,
      {
        cause: error,
      },
    );
  }
}

/** The module-level names bound by imports of the k6 modules that have waiting functions. */
function importedNames(program: Program): Map<string, ImportedName> {
  const names = new Map<string, ImportedName>();
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration") continue;
    const module = String(statement.source.value);
    if (waitingExports[module] === undefined) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== "ImportSpecifier") {
        names.set(specifier.local.name, { module, name: "*" });
        continue;
      }
      const imported =
        specifier.imported.type === "Identifier" ? specifier.imported.name : String(specifier.imported.value);
      // `import { default as http }` is the module object, like a default import.
      names.set(specifier.local.name, { module, name: imported === "default" ? "*" : imported });
    }
  }
  return names;
}

/** The k6 export a callee refers to (`get`, `http.get`, `http["get"]`), unless a local name shadows it. */
function resolveImported(
  callee: AnyNode,
  ancestors: readonly AnyNode[],
  imports: ReadonlyMap<string, ImportedName>,
  scopes: ScopeIndex,
): ImportedName | undefined {
  const binding = (name: string) => (scopes.isShadowed(name, ancestors) ? undefined : imports.get(name));
  if (callee.type === "Identifier") {
    const target = binding(callee.name);
    return target?.name === "*" ? undefined : target;
  }
  if (callee.type !== "MemberExpression" || callee.object.type !== "Identifier") return undefined;
  const module = binding(callee.object.name);
  if (module?.name !== "*") return undefined;
  const { property } = callee;
  if (!callee.computed && property.type === "Identifier")
    return { module: module.module, name: property.name };
  if (property.type === "Literal" && typeof property.value === "string") {
    return { module: module.module, name: property.value };
  }
  return undefined;
}

/** How the value of an expression is used by the code around it. */
type Use =
  /** awaited, returned, an array element, or chained with then/catch/finally */
  | { kind: "waited" }
  | { kind: "argument"; toCheck: boolean }
  | { kind: "stored"; name: string; scope: AnyNode }
  | { kind: "property"; name: string | undefined }
  | { kind: "dropped" };

/**
 * Follows the value of the last node of `ancestors` outwards through expressions that pass it on
 * unchanged (`a ? x : y`, `a || x`, `(a, x)`, `x?.y`) to the construct that uses it.
 */
function useOf(
  ancestors: readonly AnyNode[],
  imports: ReadonlyMap<string, ImportedName>,
  scopes: ScopeIndex,
): Use {
  let value = ancestors[ancestors.length - 1];
  for (let index = ancestors.length - 2; index >= 0; index--) {
    const parent = ancestors[index] as AnyNode;
    switch (parent.type) {
      case "ChainExpression":
        break;
      case "ConditionalExpression":
        // A promise as a condition is always truthy: the test is a misuse, not a pass-through.
        if (parent.test === value) return { kind: "dropped" };
        break;
      case "LogicalExpression":
        if (parent.left === value) return { kind: "dropped" };
        break;
      case "SequenceExpression":
        if (parent.expressions[parent.expressions.length - 1] !== value) return { kind: "dropped" };
        break;
      case "AwaitExpression":
      case "ReturnStatement":
      case "ArrayExpression":
        return { kind: "waited" };
      case "ArrowFunctionExpression":
        return parent.body === value ? { kind: "waited" } : { kind: "dropped" };
      case "CallExpression":
      case "NewExpression": {
        if (parent.callee === value) return { kind: "dropped" };
        const receiver = resolveImported(parent.callee, ancestors.slice(0, index + 1), imports, scopes);
        return { kind: "argument", toCheck: receiver?.module === "k6" && receiver.name === "check" };
      }
      case "MemberExpression":
        return memberUse(parent, ancestors[index - 1]);
      case "VariableDeclarator":
        return parent.init === value && parent.id.type === "Identifier"
          ? stored(parent.id.name, ancestors.slice(0, index + 1), scopes)
          : { kind: "dropped" };
      case "AssignmentExpression":
        return parent.right === value && parent.operator === "=" && parent.left.type === "Identifier"
          ? stored(parent.left.name, ancestors.slice(0, index + 1), scopes)
          : { kind: "dropped" };
      default:
        return { kind: "dropped" };
    }
    value = parent;
  }
  return { kind: "dropped" };
}

function memberUse(member: MemberExpression, outer: AnyNode | undefined): Use {
  const name = !member.computed && member.property.type === "Identifier" ? member.property.name : undefined;
  const chained = outer?.type === "CallExpression" && outer.callee === member;
  if (chained && (name === "then" || name === "catch" || name === "finally")) return { kind: "waited" };
  return { kind: "property", name };
}

function stored(name: string, ancestors: readonly AnyNode[], scopes: ScopeIndex): Use {
  return { kind: "stored", name, scope: scopes.declaringScope(name, ancestors) };
}

/**
 * Answers whether a stored promise is waited for after the call, by a reference to the same
 * variable (`await p`, `return p`, `[p, q]`, `p.then(...)`). Being passed to another call does
 * not count here: `const res = http.get(u); check(res, ...)` is the commonest way to forget await.
 */
function laterWaitFinder(
  program: Program,
  names: ReadonlySet<string>,
  imports: ReadonlyMap<string, ImportedName>,
  scopes: ScopeIndex,
): (use: Extract<Use, { kind: "stored" }>, call: CallExpression) => boolean {
  const waitedReferences: { name: string; start: number; scope: AnyNode }[] = [];
  if (names.size > 0) {
    ancestor(program, {
      Identifier(identifier, _state, ancestors) {
        if (!names.has(identifier.name) || useOf(ancestors, imports, scopes).kind !== "waited") return;
        const scope = scopes.declaringScope(identifier.name, ancestors);
        waitedReferences.push({ name: identifier.name, start: identifier.start, scope });
      },
    });
  }
  return (use, call) =>
    waitedReferences.some(
      (reference) =>
        reference.name === use.name && reference.scope === use.scope && reference.start > call.end,
    );
}

function finding(
  source: string,
  file: string,
  call: CallExpression,
  ancestors: readonly AnyNode[],
  target: ImportedName,
  use: Use,
): UnawaitedCall {
  const line = call.loc?.start.line ?? 1;
  const column = (call.loc?.start.column ?? 0) + 1;
  const callee = source.slice(call.callee.start, call.callee.end);
  const canonical = target.module === "k6/http" ? `http.${target.name}` : target.name;
  const named = callee === canonical ? `${callee}()` : `${callee}() (${canonical} from "${target.module}")`;
  const fix =
    use.kind === "property"
      ? `(await ${callee}(...))${use.name === undefined ? "" : `.${use.name}`}`
      : `await ${callee}(...)`;
  const enclosing = [...ancestors].reverse().find(isFunction);
  const makeAsync = enclosing !== undefined && !enclosing.async ? " in a function declared async" : "";
  return {
    file,
    line,
    column,
    callee,
    message: `${named} returns a promise in Barrage: write \`${fix}\`${makeAsync} (line ${line}, column ${column})`,
  };
}

type FunctionNode = Extract<
  AnyNode,
  { type: "FunctionDeclaration" | "FunctionExpression" | "ArrowFunctionExpression" }
>;

function isFunction(node: AnyNode): node is FunctionNode {
  return (
    node.type === "FunctionDeclaration" ||
    node.type === "FunctionExpression" ||
    node.type === "ArrowFunctionExpression"
  );
}

/**
 * The names each scope-creating node declares, computed once per node. Modules are strict, so
 * function declarations in blocks are block-scoped and only `var` is hoisted to the function.
 */
class ScopeIndex {
  private readonly declared = new WeakMap<AnyNode, Set<string>>();

  /** Whether a scope inside the module scope declares `name` around the last of `ancestors`. */
  isShadowed(name: string, ancestors: readonly AnyNode[]): boolean {
    return this.declaringScope(name, ancestors).type !== "Program";
  }

  /** The innermost scope around the last of `ancestors` that declares `name`; the module scope otherwise. */
  declaringScope(name: string, ancestors: readonly AnyNode[]): AnyNode {
    for (let index = ancestors.length - 1; index > 0; index--) {
      const node = ancestors[index] as AnyNode;
      if (this.namesOf(node).has(name)) return node;
    }
    return ancestors[0] as AnyNode;
  }

  private namesOf(node: AnyNode): Set<string> {
    let names = this.declared.get(node);
    if (names === undefined) {
      names = declaredNames(node);
      this.declared.set(node, names);
    }
    return names;
  }
}

function declaredNames(node: AnyNode): Set<string> {
  const names = new Set<string>();
  switch (node.type) {
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
      for (const parameter of node.params) addPatternNames(parameter, names);
      // A function declaration's own name belongs to the enclosing scope, an expression's to itself.
      if (node.type === "FunctionExpression" && node.id) names.add(node.id.name);
      if (node.body.type === "BlockStatement") addVarNames(node.body.body, names);
      break;
    case "StaticBlock":
      addVarNames(node.body, names);
      addLexicalNames(node.body, names);
      break;
    case "BlockStatement":
      addLexicalNames(node.body, names);
      break;
    case "SwitchStatement":
      addLexicalNames(
        node.cases.flatMap((switchCase) => switchCase.consequent),
        names,
      );
      break;
    case "ForStatement":
    case "ForInStatement":
    case "ForOfStatement": {
      const head = node.type === "ForStatement" ? node.init : node.left;
      if (head?.type === "VariableDeclaration" && head.kind !== "var") addDeclarationNames(head, names);
      break;
    }
    case "CatchClause":
      if (node.param) addPatternNames(node.param, names);
      break;
    case "ClassExpression":
      if (node.id) names.add(node.id.name);
      break;
  }
  return names;
}

/** Names declared with let, const, using, function or class directly in a list of statements. */
function addLexicalNames(statements: readonly AnyNode[], names: Set<string>): void {
  for (const statement of statements) {
    const declaration =
      statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration"
        ? statement.declaration
        : statement;
    if (declaration?.type === "VariableDeclaration" && declaration.kind !== "var") {
      addDeclarationNames(declaration, names);
    } else if (
      (declaration?.type === "FunctionDeclaration" || declaration?.type === "ClassDeclaration") &&
      declaration.id
    ) {
      names.add(declaration.id.name);
    }
  }
}

/** Names declared with `var` anywhere in a function body, not looking into nested functions. */
function addVarNames(statements: readonly Statement[], names: Set<string>): void {
  const ignore = () => {};
  for (const statement of statements) {
    recursive(statement, undefined, {
      Function: ignore,
      StaticBlock: ignore,
      VariableDeclaration(declaration) {
        if (declaration.kind === "var") addDeclarationNames(declaration, names);
      },
    });
  }
}

function addDeclarationNames(declaration: VariableDeclaration, names: Set<string>): void {
  for (const declarator of declaration.declarations) addPatternNames(declarator.id, names);
}

function addPatternNames(pattern: Pattern, names: Set<string>): void {
  switch (pattern.type) {
    case "Identifier":
      names.add(pattern.name);
      break;
    case "ObjectPattern":
      for (const property of pattern.properties) {
        addPatternNames(property.type === "RestElement" ? property.argument : property.value, names);
      }
      break;
    case "ArrayPattern":
      for (const element of pattern.elements) if (element) addPatternNames(element, names);
      break;
    case "RestElement":
      addPatternNames(pattern.argument, names);
      break;
    case "AssignmentPattern":
      addPatternNames(pattern.left, names);
      break;
  }
}
