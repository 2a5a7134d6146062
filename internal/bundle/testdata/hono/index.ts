import { Hono } from "hono";

type Bindings = { GREETING: string };

const app = new Hono<{ Bindings: Bindings }>();

app.get("/hello", (c) => c.text(`${c.env?.GREETING ?? "hello"} from hono`));
app.get("/users/:id", (c) => c.json({ id: c.req.param("id") }));

export default app;
