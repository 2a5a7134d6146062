// JSX with the automatic runtime that tsconfig.json names, as Hono's JSX is set up.
const Item = (props: { name: string }) => <li>{props.name}</li>;

export const page = (): string => (
  <ul class="list">
    <Item name="a" />
    <Item name="b" />
  </ul>
);
