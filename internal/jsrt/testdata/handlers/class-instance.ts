// The default export is an instance of a class: its methods are the handlers, with
// `this` the instance.
class Handlers {
  prefix = "instance";
  scheduled(controller: ScheduledController) {
    console.log(this.prefix, controller.cron);
  }
  greet(name: string) {
    return `${this.prefix}: hello ${name}`;
  }
}

export default new Handlers();
