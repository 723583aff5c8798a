import { describe, expect, it } from "vitest";
import { ScriptedCustomer } from "../../src/replay/scripted-customer.js";

describe("the replay's scripted customer answers from the simulated phone", () => {
  it("fix_first: the status bar shows airplane mode until it is switched off, then bars", () => {
    const customer = new ScriptedCustomer("fix_first");
    expect(customer.answer("check_status_bar")).toBe("it shows airplane mode");
    // A step that does not touch the fault changes nothing, whatever the count of tries.
    expect(customer.answer("restart_phone")).toBe("done, now it shows airplane mode");
    expect(customer.answer("airplane_mode_off")).toBe("done, now it shows 4 bars and 5G");
  });

  it("fix_second: mobile data off and data saver on; the speed test is good only once both are fixed", () => {
    const customer = new ScriptedCustomer("fix_second");
    expect(customer.answer("run_speed_test")).toBe("the speed test fails: no connection");
    customer.answer("mobile_data_on");
    expect(Number(/([\d.]+) Mbps/.exec(customer.answer("run_speed_test"))![1])).toBeLessThan(2);
    customer.answer("data_saver_off");
    expect(Number(/([\d.]+) Mbps/.exec(customer.answer("run_speed_test"))![1])).toBeGreaterThan(100);
  });

  it("never: a PUK-locked SIM that no step on the phone unlocks", () => {
    const customer = new ScriptedCustomer("never");
    for (const step of ["airplane_mode_off", "reseat_sim", "enter_sim_pin", "restart_phone"] as const) customer.answer(step);
    expect(customer.answer("check_status_bar")).toBe("it shows SIM card is PUK-locked");
  });
});
