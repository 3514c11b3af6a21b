/** Describes installed plugins and their stages' options (for `shortlist plugins`). */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { Plugin } from "./plugin.ts";
import { builtinPlugin } from "./builtin/index.ts";
import { loadPlugin } from "./loader.ts";

export interface OptionInfo {
  name: string;
  type: string;
  default?: unknown;
  required: boolean;
  description?: string;
}
export interface StageInfo {
  name: string;
  kind: string;
  description: string;
  inputs: string[] | "depends on options";
  outputs: string[] | "depends on options";
  options: OptionInfo[];
  schema: unknown; // JSON Schema of the options
}
export interface PluginInfo {
  name: string;
  version: string;
  apiVersion: number;
  stages: StageInfo[];
}

function typeText(s: Record<string, any>): string {
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(" | ");
  if (s.anyOf) return s.anyOf.map(typeText).join(" | ");
  if (s.type === "array") return `${s.items ? typeText(s.items) : "any"}[]`;
  if (s.const !== undefined) return JSON.stringify(s.const);
  return s.type ?? "any";
}

export function describePlugin(p: Plugin): PluginInfo {
  const stages = Object.entries(p.stages).map(([name, def]): StageInfo => {
    let schema: Record<string, any> = {};
    try {
      schema = z.toJSONSchema(def.options as z.ZodType, { unrepresentable: "any", io: "input" }) as Record<string, any>;
    } catch {
      schema = {};
    }
    const props: Record<string, any> = schema.properties ?? {};
    const required: string[] = schema.required ?? [];
    return {
      name,
      kind: def.kind,
      description: def.description,
      inputs: typeof def.inputs === "function" ? "depends on options" : [...def.inputs],
      outputs: typeof def.outputs === "function" ? "depends on options" : [...def.outputs],
      options: Object.entries(props).map(([k, s]) => ({ name: k, type: typeText(s), default: s.default, required: required.includes(k) && s.default === undefined, description: s.description })),
      schema,
    };
  });
  return { name: p.name, version: p.version, apiVersion: p.apiVersion, stages };
}

/** Every installed plugin: the built-in one and packages named @shortlist/plugin-* or shortlist-plugin-* in node_modules (from `from` upwards). */
export async function installedPlugins(from: string, extra: string[] = []): Promise<Plugin[]> {
  const specs = new Set<string>(extra);
  for (let dir = from; ; dir = dirname(dir)) {
    const nm = join(dir, "node_modules");
    if (existsSync(join(nm, "@shortlist"))) for (const n of readdirSync(join(nm, "@shortlist"))) if (n.startsWith("plugin-")) specs.add(`@shortlist/${n}`);
    if (existsSync(nm)) for (const n of readdirSync(nm)) if (n.startsWith("shortlist-plugin-")) specs.add(n);
    if (dirname(dir) === dir) break;
  }
  const out: Plugin[] = [builtinPlugin];
  for (const s of [...specs].sort()) {
    // a package without a readable entry is reported, not fatal
    try {
      out.push(await loadPlugin(s, from));
    } catch (e) {
      process.stderr.write(`warning: ${s}: ${(e as Error).message}\n`);
    }
  }
  return out;
}

export function formatPlugins(infos: PluginInfo[]): string {
  const lines: string[] = [];
  for (const p of infos) {
    lines.push(`${p.name}@${p.version} (apiVersion ${p.apiVersion})`);
    for (const s of p.stages) {
      lines.push(`  ${s.name}  [${s.kind}]  ${s.description}`);
      lines.push(`    inputs: ${Array.isArray(s.inputs) ? s.inputs.join(", ") || "none" : s.inputs}   outputs: ${Array.isArray(s.outputs) ? s.outputs.join(", ") || "none" : s.outputs}`);
      for (const o of s.options) {
        lines.push(`    ${o.name}: ${o.type}${o.default !== undefined ? ` = ${JSON.stringify(o.default)}` : o.required ? " (required)" : ""}${o.description ? `  — ${o.description}` : ""}`);
      }
    }
  }
  return lines.join("\n");
}

