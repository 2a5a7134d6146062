// RegExp named groups and \p{...}: the engine alone gets them silently wrong; the
// runtime translates them (the bundler makes literals constructor calls). What cannot
// be translated throws a SyntaxError instead of matching wrongly.
import { assert, assertEquals, assertThrows, test, tests } from "../harness";

test("named groups: exec", () => {
  const m = /(?<year>\d{4})-(\d{2})-(?<day>\d{2})/.exec("on 2024-05-17")!;
  assertEquals([...m], ["2024-05-17", "2024", "05", "17"], "numbered groups keep their order");
  assertEquals(m.groups, { year: "2024", day: "17" });
  assertEquals(Object.getPrototypeOf(m.groups), null);
  assertEquals(m.index, 3);
  const unmatched = /(?<a>x)|(?<b>y)/.exec("y")!;
  assertEquals(unmatched.groups!.a, undefined);
  assertEquals(unmatched.groups!.b, "y");
});

test("named groups: match, matchAll, test, search, split", () => {
  assertEquals("k=v".match(/(?<key>\w+)=(?<value>\w+)/)!.groups!.value, "v");
  const all = [..."a=1 b=2".matchAll(/(?<key>\w)=(?<value>\d)/g)];
  assertEquals(all.map((m) => m.groups!.key + m.groups!.value), ["a1", "b2"]);
  assertEquals(all.map((m) => m.index), [0, 4]);
  assert(/(?<x>a)/.test("cat"), "test");
  assertEquals("cat".search(/(?<x>t)/), 2);
  assertEquals("a1b2c".split(/(?<digit>\d)/), ["a", "1", "b", "2", "c"]);
  assertEquals("2024-05".match(/(?<y>\d+)-(?<m>\d+)/g), ["2024-05"]);
});

test("named groups: replace", () => {
  const re = /(?<year>\d{4})-(?<month>\d{2})/;
  assertEquals("2024-05".replace(re, "$<month>/$<year>"), "05/2024");
  assertEquals("2024-05".replace(re, "$2.$1 $<none>|$$<year>|$&"), "05.2024 |$<year>|2024-05");
  assertEquals(
    "2024-05".replace(re, (...args) => {
      const groups = args[args.length - 1];
      return `${groups.month}:${groups.year}:${args[3]}`;
    }),
    "05:2024:0",
  );
  assertEquals("a-b c-d".replaceAll(/(?<l>\w)-(?<r>\w)/g, "$<r>$<l>"), "ba dc");
  assertEquals("aaa".replace(/(?<x>a)/g, "[$<x>]"), "[a][a][a]");
});

test("named groups: backreferences", () => {
  assert(/(?<q>["'])\w+\k<q>/.test(`"word"`), "same quote");
  assert(!/(?<q>["'])\w+\k<q>/.test(`"word'`), "different quotes");
  assert(/\k<late>(?<late>a)/.test("a"), "a forward reference matches empty");
});

test("named groups: the expression looks unchanged", () => {
  const re = /(?<word>\w+)/giu;
  assertEquals(re.source, "(?<word>\\w+)");
  assertEquals(String(re), "/(?<word>\\w+)/giu");
  assertEquals(re.flags, "giu");
  assert(re instanceof RegExp, "instanceof");
  assertEquals(re.constructor, RegExp);
  assertEquals(new RegExp(re).exec("x")!.groups!.word, "x", "copied with new RegExp");
  assertEquals(RegExp("(?<n>\\d)").exec("7")!.groups!.n, "7", "called without new");
  re.lastIndex = 0;
  re.exec("ab cd");
  assertEquals(re.lastIndex, 2, "a global expression advances lastIndex");
});

test("lookbehind is not a group", () => {
  assertEquals("ab".replace(/(?<=a)b/, "B"), "aB");
  assertEquals("cb".replace(/(?<!a)b/, "B"), "cB");
  assertEquals(/(?<=a)(?<n>b)/.exec("ab")!.groups!.n, "b");
});

test("named groups: errors", () => {
  assertThrows(() => new RegExp("(?<a>x)(?<a>y)"), "SyntaxError", "Duplicate capture group name");
  assertThrows(() => new RegExp("(?<a>x)\\k<b>"), "SyntaxError", "Invalid named capture referenced");
  assertThrows(() => new RegExp("(?<1a>x)"), "SyntaxError", "Invalid capture group name");
  class Sub extends RegExp {}
  assertThrows(() => new Sub("(?<a>x)"), "SyntaxError", "subclass");
  assert(new Sub("a+").test("aa"), "a subclass without named groups works");
});

test("property escapes", () => {
  assert(/^\p{L}+$/u.test("héllo"), "L");
  assert(/^\p{Letter}+$/u.test("Σίσυφος"), "Letter");
  assert(!/^\p{L}+$/u.test("p{L}"), "not the letter p");
  assert(/^\p{Lu}$/u.test("Á") && !/^\p{Lu}$/u.test("á"), "Lu");
  assert(/^\p{Lu}$/iu.test("á"), "case-insensitive");
  assert(/^\P{L}+$/u.test("123 !"), "P");
  assert(/^[\p{L}\d]+$/u.test("abc123"), "in a class");
  assert(/^[^\p{L}]+$/u.test("123"), "in a negated class");
  assert(/^[\P{L}]+$/u.test("12"), "P in a class");
  assert(/^\p{Script=Greek}+$/u.test("αβγ") && !/\p{sc=Grek}/u.test("abc"), "Script");
  assert(/^\p{gc=Nd}+$/u.test("٣3"), "gc=");
  assert(/^\p{White_Space}$/u.test("\u00a0"), "binary property");
  assert(/^\p{Alphabetic}+$/u.test("Ⅻ"), "derived property");
  assert(/^\p{L}$/u.test("𝒜"), "an astral letter is one character");
  assertEquals("a1-b2".replace(/\p{N}/gu, "#"), "a#-b#");
  assertEquals(/\p{L}+/u.source, "\\p{L}+");
  assert(/\p{L}/.test("p{L}"), "without u, \\p is the letter p (Annex B)");
});

test("property escapes: what Portico cannot do throws", () => {
  const err = assertThrows(() => /\p{Emoji}/u, "SyntaxError", "\\p{Emoji} is not supported by Portico");
  assert(String(err.stack).includes("regexp.ts:"), "a literal throws where it is evaluated");
  assertThrows(() => new RegExp("\\p{Emoji}", "u"), "SyntaxError", "not supported by Portico");
  assertThrows(() => new RegExp("\\p{Script_Extensions=Latin}", "u"), "SyntaxError",
    "not supported by Portico");
  assertThrows(() => new RegExp("\\p{NoSuchProperty}", "u"), "SyntaxError", "Invalid property name");
  assertThrows(() => new RegExp("\\p{Other_Alphabetic}", "u"), "SyntaxError", "Invalid property name");
});

test("named groups and property escapes together", () => {
  const m = /(?<word>\p{L}+)\s(?<num>\p{Nd}+)/u.exec("día 42")!;
  assertEquals(m.groups, { word: "día", num: "42" });
});

test("ordinary expressions are untouched", () => {
  const re = /(a)(b)?/;
  assertEquals(Object.getPrototypeOf(re), RegExp.prototype);
  assertEquals(re.exec("a")!.groups, undefined);
  assertEquals("x,y".split(/,/), ["x", "y"]);
  assertEquals(new RegExp("a|b", "g")[Symbol.replace]("abc", "-"), "--c");
});

export default tests;
