/**
 * The part of JSON Schema draft-07 that schemas/optlens-spec.schema.json uses, enough to check that example
 * specs validate against it: type, enum, const, properties, required, additionalProperties, items,
 * min/maxItems, minimum/maximum (and exclusive), min/maxLength, minProperties, allOf/anyOf/oneOf,
 * if/then/else, local $ref and boolean schemas. Annotations (description, default, ...) are ignored;
 * an unknown validation keyword throws, so the schema cannot silently use something unchecked here.
 */
type Schema = boolean | { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'definitions', 'defaultSnippets',
  'enumDescriptions', 'markdownEnumDescriptions', 'markdownDescription', 'examples']);
const KEYWORDS = new Set(['type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'minItems',
  'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minProperties',
  'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', '$ref']);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function validateAgainst(root: Schema, value: unknown): string[] {
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node as Schema;
  };

  const check = (schema: Schema, v: unknown, path: string): string[] => {
    if (schema === true) return [];
    if (schema === false) return [`${path}: not allowed`];
    for (const key of Object.keys(schema)) {
      if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`schema keyword ${key} is not supported by the subset validator`);
    }
    const errors: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON Schema node: keyword values of every JSON type
    const s = schema as Record<string, any>;
    if (s.$ref !== undefined) errors.push(...check(resolve(s.$ref), v, path));
    const t = typeOf(v);
    if (s.type !== undefined) {
      const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
      if (!types.some((want) => want === t || (want === 'number' && t === 'integer'))) errors.push(`${path}: expected ${types.join('|')}, got ${t}`);
    }
    if (s.enum !== undefined && !s.enum.some((e: unknown) => equal(e, v))) errors.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
    if (s.const !== undefined && !equal(s.const, v)) errors.push(`${path}: must be ${JSON.stringify(s.const)}`);
    if (typeof v === 'number') {
      if (s.minimum !== undefined && !(v >= s.minimum)) errors.push(`${path}: below ${s.minimum}`);
      if (s.maximum !== undefined && !(v <= s.maximum)) errors.push(`${path}: above ${s.maximum}`);
      if (s.exclusiveMinimum !== undefined && !(v > s.exclusiveMinimum)) errors.push(`${path}: not above ${s.exclusiveMinimum}`);
      if (s.exclusiveMaximum !== undefined && !(v < s.exclusiveMaximum)) errors.push(`${path}: not below ${s.exclusiveMaximum}`);
    }
    if (typeof v === 'string') {
      if (s.minLength !== undefined && v.length < s.minLength) errors.push(`${path}: shorter than ${s.minLength}`);
      if (s.maxLength !== undefined && v.length > s.maxLength) errors.push(`${path}: longer than ${s.maxLength}`);
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) errors.push(`${path}: fewer than ${s.minItems} items`);
      if (s.maxItems !== undefined && v.length > s.maxItems) errors.push(`${path}: more than ${s.maxItems} items`);
      if (s.items !== undefined) v.forEach((item, i) => errors.push(...check(s.items, item, `${path}[${i}]`)));
    }
    if (t === 'object') {
      const o = v as Record<string, unknown>;
      const props: Record<string, Schema> = s.properties ?? {};
      for (const req of s.required ?? []) if (!(req in o)) errors.push(`${path}: missing ${req}`);
      if (s.minProperties !== undefined && Object.keys(o).length < s.minProperties) errors.push(`${path}: fewer than ${s.minProperties} properties`);
      for (const [key, item] of Object.entries(o)) {
        if (key in props) errors.push(...check(props[key], item, `${path}.${key}`));
        else if (s.additionalProperties !== undefined) errors.push(...check(s.additionalProperties, item, `${path}.${key}`));
      }
    }
    for (const sub of s.allOf ?? []) errors.push(...check(sub, v, path));
    if (s.anyOf !== undefined && !s.anyOf.some((sub: Schema) => check(sub, v, path).length === 0)) errors.push(`${path}: matches none of anyOf`);
    if (s.oneOf !== undefined) {
      const matches = s.oneOf.filter((sub: Schema) => check(sub, v, path).length === 0).length;
      if (matches !== 1) errors.push(`${path}: matches ${matches} of oneOf, not exactly 1`);
    }
    if (s.if !== undefined) {
      const branch = check(s.if, v, path).length === 0 ? s.then : s.else;
      if (branch !== undefined) errors.push(...check(branch, v, path));
    }
    return errors;
  };
  return check(root, value, '$');
}
