/**
 * Input checks of the training library: shapes, labels the objective can use, contiguous groups.
 * Errors are plain Errors with the fix in the message; the stage wraps them as UserErrors naming
 * the stage and option.
 */
import type { GbdtData, GbdtOptions } from "../model.ts";

function checkOne(d: GbdtData, what: string, o: GbdtOptions): void {
  const n = d.label.length;
  if (d.features.length !== d.featureNames.length) throw new Error(`${what}: ${d.features.length} feature columns but ${d.featureNames.length} feature names; give one name per column`);
  d.features.forEach((c, f) => { if (c.length !== n) throw new Error(`${what}: feature ${d.featureNames[f]} has ${c.length} rows but the label has ${n}; give every column the label's length`); });
  for (let i = 0; i < n; i++) {
    const y = d.label[i]!;
    if (!Number.isFinite(y)) throw new Error(`${what}: label of row ${i} is ${y}; labels must be finite numbers`);
    if (o.objective === "binary" && y !== 0 && y !== 1) throw new Error(`${what}: label of row ${i} is ${y}; objective binary expects 0 or 1 (use objective regression for other values)`);
    if (o.objective === "lambdarank" && (y < 0 || y > 31 || y !== Math.trunc(y))) throw new Error(`${what}: label of row ${i} is ${y}; lambdarank expects integer relevance grades 0..31`);
  }
  if (o.objective === "lambdarank" && !d.group) throw new Error(`${what}: objective lambdarank needs a group id per row (data.group)`);
  if (d.group) {
    if (d.group.length !== n) throw new Error(`${what}: ${d.group.length} group ids but ${n} labels; give one group id per row`);
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (i > 0 && d.group[i] === d.group[i - 1]) continue;
      if (seen.has(d.group[i]!)) throw new Error(`${what}: the rows of group ${d.group[i]} are not contiguous (again at row ${i}); sort rows by group`);
      seen.add(d.group[i]!);
    }
  }
}

/**
 * Throws on data the trainer cannot use.
 * @example checkData(train, valid, options);
 */
export function checkData(data: GbdtData, valid: GbdtData | undefined, o: GbdtOptions): void {
  checkOne(data, "training data", o);
  if (data.label.length === 0) throw new Error("training data: no rows; give at least one training row");
  if (valid) {
    checkOne(valid, "validation data", o);
    if (valid.featureNames.join("\u0000") !== data.featureNames.join("\u0000")) throw new Error(`validation data: features ${valid.featureNames.join(", ")} differ from training's ${data.featureNames.join(", ")}; give the same columns in the same order`);
  }
  if (o.numLeaves < 2) throw new Error(`numLeaves is ${o.numLeaves}; it must be at least 2`);
  if (!(o.maxBin >= 2 && o.maxBin <= 65535)) throw new Error(`maxBin is ${o.maxBin}; it must be between 2 and 65535`);
}
