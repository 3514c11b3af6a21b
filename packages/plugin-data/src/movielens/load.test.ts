import { describe, expect, test } from "bun:test";
import { BadRows } from "../io/bad-rows.ts";
import { fixtureDir, sharedDataset } from "../testing/fixtures.ts";
import { loadMovieLens } from "./load.ts";

const distinct = (a: ArrayLike<number>) => new Set(Array.from(a)).size;

describe("real datasets (exact published counts)", () => {
  const ml100k = sharedDataset("ml-100k");
  test.skipIf(!ml100k)("ML-100K: 100,000 ratings, 943 users, 1,682 movies", () => {
    const m = loadMovieLens(ml100k!, new BadRows("fail"));
    expect(m.layout).toBe("ml-100k");
    expect(m.interactions.length).toBe(100_000);
    expect(m.users.length).toBe(943);
    expect(m.items.length).toBe(1_682);
    expect(distinct(m.interactions.columns.user as Int32Array)).toBe(943);
    expect(distinct(m.interactions.columns.item as Int32Array)).toBe(1_682);
    expect(Object.keys(m.users.columns)).toEqual(["user", "gender", "age", "occupation", "zip"]);
    expect((m.items.columns.title as string[])[0]).toBe("Toy Story (1995)");
    expect((m.items.columns.genres as string[])[0]).toBe("Animation|Children's|Comedy");
    expect((m.items.columns.year as Int32Array)[0]).toBe(1995);
    // first line of u.data: 196	242	3	881250949
    expect([m.interactions.columns.user![0], m.interactions.columns.item![0], m.interactions.columns.rating![0], m.interactions.columns.timestamp![0]]).toEqual([196, 242, 3, 881250949]);
  });

  const small = sharedDataset("ml-latest-small");
  test.skipIf(!small)("ml-latest-small: 100,836 ratings, 610 users, 9,742 movies, 3,683 tags; quoted titles", () => {
    const m = loadMovieLens(small!, new BadRows("fail"));
    expect(m.layout).toBe("ml-latest");
    expect(m.interactions.length).toBe(100_836);
    expect(m.users.length).toBe(610);
    expect(m.items.length).toBe(9_742);
    expect(m.tags.length).toBe(3_683);
    const titles = m.items.columns.title as string[];
    const ids = m.items.columns.item as Int32Array;
    expect(titles[ids.indexOf(11)]).toBe("American President, The (1995)");
    const ratings = m.interactions.columns.rating as Float32Array;
    expect(new Set(ratings).has(0.5)).toBe(true);
  });
});

describe("ML-1M layout", () => {
  const files = {
    "users.dat": "1::F::1::10::48067\n2::M::56::16::70072\n",
    "movies.dat": Buffer.concat([Buffer.from("1::Toy Story (1995)::Animation|Children's|Comedy\n2::Am"), Buffer.from([0xe9]), Buffer.from("lie (2001)::Comedy|Romance\n")]),
    "ratings.dat": "1::1::5::978300760\n1::2::3::978302109\n2::1::4::978301968\n",
  };
  test("reads users, Latin-1 titles with years, ratings", () => {
    const m = loadMovieLens(fixtureDir(files), new BadRows("fail"));
    expect(m.layout).toBe("ml-1m");
    expect(m.interactions.length).toBe(3);
    expect(Array.from(m.interactions.columns.rating as Float32Array)).toEqual([5, 3, 4]);
    expect((m.items.columns.title as string[])[1]).toBe("Amélie (2001)");
    expect(Array.from(m.items.columns.year as Int32Array)).toEqual([1995, 2001]);
    expect(m.users.columns.gender).toEqual(["F", "M"]);
    expect(Array.from(m.users.columns.age as Int32Array)).toEqual([1, 56]);
    expect(m.tags.length).toBe(0);
  });
});
