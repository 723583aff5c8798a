import type { CustomerActionId } from "../domain/customer-actions.js";
import type { DeviceAnswers } from "./conversations.js";

/** Checks that read the device rather than change it: their answer says whether the fault is still there. */
const CHECKS: Partial<Record<CustomerActionId, { broken: string; fixed: string }>> = {
  check_status_bar: { broken: "it says No Service, no bars at all", fixed: "4 bars and 5G now" },
  run_speed_test: { broken: "the speed test shows 0.4 Mbps", fixed: "the speed test shows 85 Mbps now" },
  wired_speed_test: { broken: "wired speed test: 3 Mbps", fixed: "wired speed test: 480 Mbps" },
  send_test_mms: { broken: "the test MMS failed again", fixed: "yes, the test MMS went through" },
  check_router_lights: { broken: "the internet light is red", fixed: "all the lights are green" },
};

/**
 * A scripted customer doing the device steps asked of them. Fixes work by the
 * conversation's rule; a check reports the fault until a fix has worked (the
 * first check, before any fix, always shows it).
 */
export class ScriptedCustomer {
  private fixesTried = 0;
  private fixed = false;

  constructor(private readonly rule: DeviceAnswers) {}

  answer(action: CustomerActionId): string {
    const check = CHECKS[action];
    if (check) return this.fixed ? check.fixed : check.broken;
    if (action === "pay_payment_request") return "done, I've paid it";
    this.fixesTried += 1;
    this.fixed = this.rule === "fix_first" || (this.rule === "fix_second" && this.fixesTried >= 2);
    return this.fixed ? "done, yes it works now" : "done, still nothing";
  }
}
