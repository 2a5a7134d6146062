export default {
  fetch(request, env) {
    console.log("env has", Object.keys(env).length, "keys");
    return Response.json({
      plain: env.PLAIN,
      conf: env.CONF,
      secret: env.SECRET,
      overridden: env.OVERRIDDEN,
      flag: env.FLAG,
    });
  },
};
