/**
 * Text templates (Markdown documents, shell scripts, Dockerfiles), precompiled by
 * scripts/build.mjs: only the small Handlebars runtime is loaded at run time.
 * Templates are for prose and scripts; structured files (YAML, JSON, HCL) are built
 * from typed objects so that values are always quoted correctly.
 */
import Handlebars from 'handlebars/runtime.js';
import specs from '../generated/templates.js';
import { hclString } from './hcl.js';
import { shQuote } from './shell.js';

const runtime = Handlebars.create();
runtime.registerHelper('sh', (value: unknown) => shQuote(String(value)));
runtime.registerHelper('hcl', (value: unknown) => hclString(String(value)));
runtime.registerHelper('json', (value: unknown) => JSON.stringify(value));
runtime.registerHelper('eq', (a: unknown, b: unknown) => a === b);
runtime.registerHelper('join', (items: unknown, separator: unknown) =>
  Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : '',
);

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Whether templates/<name>.hbs exists (adapters' guide sections are found by name). */
export function hasTemplate(name: string): boolean {
  return name in specs;
}

/** Renders templates/<name>.hbs with the given context. */
export function renderTemplate(name: string, context: object): string {
  let template = compiled.get(name);
  if (!template) {
    const spec = specs[name];
    if (!spec) throw new Error(`no template named ${name} (looked for templates/${name}.hbs)`);
    template = runtime.template(spec as TemplateSpecification);
    compiled.set(name, template);
  }
  return template(context);
}
