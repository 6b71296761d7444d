import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

/**
 * SQL takes values only as bound parameters. This reads every piece of SQL text built in src/ (a
 * template literal or a `+` concatenation with SQL words in it) and lists each expression spliced
 * into it that names request input: such text is where a value would be written into SQL instead
 * of being bound. Counts of values (`placeholders(codes.length)`, `codes.map(() => '?')`) are
 * fine. What remains must be on the allowlist below, each entry with the reason it is code, not
 * input.
 */

const SRC = path.resolve(__dirname, '..');

/** Words that make a string SQL text. */
const SQL_TEXT = /\b(?:select\s|insert\s+into\b|update\s+\S+\s+set\b|delete\s+from\b|where\b|values\s*\(|join\b|order\s+by\b|group\s+by\b|on\s+conflict\b)/i;

/** Names that hold what a request sent (arguments, inputs, filters, bodies, searched text, ids and codes). */
const REQUEST_INPUT = new Set([
  'args', 'input', 'filter', 'req', 'request', 'body', 'query', 'params', 'variables', 'search', 'term', 'email', 'phone', 'name',
  'code', 'codes', 'channelCode', 'channelCodes', 'sku', 'skus', 'externalId', 'number', 'secret', 'token', 'cursor', 'after', 'id', 'ids',
]);

/** Splices that only count values: the text they add is `?, ?, …`. */
const COUNTS_ONLY = [/^placeholders\([\w.]+\.length\)$/, /^[\w.]+\.map\(\(\) => '[?(), ]+'\)\.join\('[, ]*'\)$/];

/** Splices that name request input but put code in the text, with why. `file: expression`. */
const ALLOWED: Record<string, string> = {
  // the select list of the fields a GraphQL selection asks for, mapped through the entity metadata (selectedColumns)
  "orders/order.service.ts: args.columns ?? 'o.*'": 'column names from the ORM metadata',
  // a fragment of code: the JSON list of coupon codes is itself a bound parameter (json_each(?))
  'campaigns/price-cart.service.ts: codes': "dialect SQL: 'select value from json_each(?)'",
  // the grouping column of the figures: an expression and alias the code picks by dimension (channelColumn)
  "analytics/sales-customer-counts.reader.ts: column ? `${column.expression} as ${column.name}, ` : ''": 'a SQL expression and alias from the code',
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [file] : [];
  });
}

/** The operands of a chain of `+`. */
function operands(node: ts.Expression): ts.Expression[] {
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...operands(node.left), ...operands(node.right)];
  if (ts.isParenthesizedExpression(node)) return operands(node.expression);
  return [node];
}

const literalText = (node: ts.Node): string | null =>
  ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
    ? node.text
    : ts.isTemplateExpression(node)
      ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ')
      : null;

/**
 * Whether an expression spliced into SQL text may carry request input into it: a name of input,
 * except inside a count of values; of a condition (`after === null ? '' : ' and …'`) only the
 * branches count, and a nested template only through its own splices.
 */
function namesInput(expression: ts.Node): boolean {
  const text = expression.getText().replace(/\s+/g, ' ');
  if (COUNTS_ONLY.some((pattern) => pattern.test(text))) return false;
  if (ts.isIdentifier(expression)) return REQUEST_INPUT.has(expression.text);
  if (ts.isConditionalExpression(expression)) return namesInput(expression.whenTrue) || namesInput(expression.whenFalse);
  if (ts.isTemplateExpression(expression)) return expression.templateSpans.some((span) => namesInput(span.expression));
  let found = false;
  ts.forEachChild(expression, (child) => {
    found ||= namesInput(child);
  });
  return found;
}

/** Every expression spliced into SQL text in src/ that names request input, as `file: expression`. */
function splicedInput(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const check = (spliced: ts.Expression) => {
      if (!namesInput(spliced)) return;
      const text = spliced.getText(source).replace(/\s+/g, ' ');
      found.push(`${path.relative(SRC, file).split(path.sep).join('/')}: ${text}`);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isTemplateExpression(node) && SQL_TEXT.test(literalText(node)!)) node.templateSpans.forEach((span) => check(span.expression));
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && !(ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
        const parts = operands(node);
        if (parts.some((part) => SQL_TEXT.test(literalText(part) ?? ''))) parts.filter((part) => literalText(part) === null).forEach(check);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe('SQL text in src/', () => {
  const spliced = splicedInput();

  it('splices no request input into SQL, the reviewed code fragments aside', () => {
    expect(spliced.filter((entry) => !ALLOWED[entry])).toEqual([]);
  });

  it('keeps no allowlist entry that no longer matches the code', () => {
    expect(Object.keys(ALLOWED).filter((entry) => !spliced.includes(entry))).toEqual([]);
  });
});

/** The first expression spliced into a template literal given as source text. */
function spliceOf(code: string): ts.Expression {
  const source = ts.createSourceFile('x.ts', `const sql = ${code};`, ts.ScriptTarget.Latest, true);
  const template = (source.statements[0] as ts.VariableStatement).declarationList.declarations[0].initializer as ts.TemplateExpression;
  return template.templateSpans[0].expression;
}

describe('the check itself', () => {
  it('finds a value written into SQL text', () => {
    const source = ts.createSourceFile('x.ts', "const sql = `select * from channel where code = '${input.code}'`;", ts.ScriptTarget.Latest, true);
    const template = (source.statements[0] as ts.VariableStatement).declarationList.declarations[0].initializer as ts.TemplateExpression;
    expect(SQL_TEXT.test(literalText(template)!)).toBe(true);
    expect(namesInput(template.templateSpans[0].expression)).toBe(true);
  });

  it('finds a value written into a fragment chosen by a condition', () => {
    expect(namesInput(spliceOf("`select * from customer where 1 = 1${search ? ` and name = '${search}'` : ''}`"))).toBe(true);
  });

  it('lets a count of parameters through, and a condition that only chooses code', () => {
    expect(namesInput(spliceOf('`select id from channel where code in (${placeholders(filter.channelCodes.length)})`'))).toBe(false);
    expect(namesInput(spliceOf("`select id from channel where code in (${codes.map(() => '?').join(', ')})`"))).toBe(false);
    expect(namesInput(spliceOf("`select * from \"order\" o where 1 = 1${after === null ? '' : ' and o.id < ?'}`"))).toBe(false);
  });
});
