/**
 * The raw Ali-CCP schema as NVIDIA Merlin models ships it
 * (merlin/datasets/ecommerce/aliccp/raw/schema.pbtxt): 25 integer columns and each column's
 * int_domain max, which Merlin's generator uses as the cardinality. Column order follows Merlin's
 * feature list (user, item, user–item, context, targets).
 */

export type AliCcpRole = "user_id" | "user" | "item_id" | "item" | "user_item" | "context" | "target";

export interface AliCcpColumn {
  name: string;
  role: AliCcpRole;
  /** int_domain.max in Merlin's raw schema. */
  max: number;
}

export const ALICCP_COLUMNS: readonly AliCcpColumn[] = [
  { name: "user_id", role: "user_id", max: 294_736 },
  { name: "user_categories", role: "user", max: 6_086 },
  { name: "user_shops", role: "user", max: 116_741 },
  { name: "user_brands", role: "user", max: 58_015 },
  { name: "user_intentions", role: "user", max: 33_786 },
  { name: "user_profile", role: "user", max: 98 },
  { name: "user_group", role: "user", max: 14 },
  { name: "user_gender", role: "user", max: 3 },
  { name: "user_age", role: "user", max: 8 },
  { name: "user_consumption_1", role: "user", max: 4 },
  { name: "user_consumption_2", role: "user", max: 4 },
  { name: "user_is_occupied", role: "user", max: 3 },
  { name: "user_geography", role: "user", max: 5 },
  { name: "item_id", role: "item_id", max: 3_078_306 },
  { name: "item_category", role: "item", max: 8_581 },
  { name: "item_shop", role: "item", max: 604_498 },
  { name: "item_intention", role: "item", max: 96_258 },
  { name: "item_brand", role: "item", max: 208_179 },
  { name: "user_item_categories", role: "user_item", max: 7_735 },
  { name: "user_item_shops", role: "user_item", max: 384_343 },
  { name: "user_item_brands", role: "user_item", max: 142_632 },
  { name: "user_item_intentions", role: "user_item", max: 74_317 },
  { name: "position", role: "context", max: 4 },
  { name: "click", role: "target", max: 2 },
  { name: "conversion", role: "target", max: 2 },
];

/** Which user / item feature each user_item column crosses (Merlin's feature descriptions: 508 = 109_14 × 206, …). */
export const USER_ITEM_CROSSES: Record<string, [string, string]> = {
  user_item_categories: ["user_categories", "item_category"],
  user_item_shops: ["user_shops", "item_shop"],
  user_item_brands: ["user_brands", "item_brand"],
  user_item_intentions: ["user_intentions", "item_intention"],
};
