import { connect } from "cloudflare:sockets";

export default { fetch: () => connect("127.0.0.1:1") };
