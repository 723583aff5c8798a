import { tool, type DynamicStructuredTool } from "@langchain/core/tools";
import type { RunnableConfig } from "@langchain/core/runnables";
import { z } from "zod";
import {
  AccountActionKind,
  BillStatus,
  Impact,
  PlanKind,
  Sentiment,
  TicketCategory,
  TicketStatus,
  Urgency,
  type ProposalRequest,
} from "./schemas.js";
import type { BackendContext, TelecomBackend } from "./types.js";

/**
 * The backend as LangChain tools for an LLM engine. The conversation comes from
 * the run config (`configurable.thread_id`), never from the model, so a model
 * cannot act in another conversation's verified identity. Tools return the
 * backend's result as JSON text; refusals are results too, so a turn never ends
 * on an exception.
 *
 * Consent: an engine may propose an account action (`propose_action`) and may
 * call the action tools, but the backend runs an action only after the
 * customer accepted that exact proposal. Accepting is deliberately NOT a tool:
 * `recordCustomerDecision` is called by the graph's dialogue layer from the
 * customer's own message, so no engine, local or LLM, can say yes on the
 * customer's behalf.
 */

const lineId = z
  .string()
  .optional()
  .describe("Line id (e.g. L-1001) or the line's phone number. Omit when the customer has only one such line.");

function threadOf(config: RunnableConfig | undefined): string | null {
  const id = config?.configurable?.thread_id;
  return typeof id === "string" && id.trim() ? id : typeof id === "number" ? String(id) : null;
}

function make<S extends z.ZodObject>(
  name: string,
  description: string,
  schema: S,
  call: (ctx: BackendContext, input: z.infer<S>) => Promise<unknown>,
): DynamicStructuredTool {
  const fn = async (input: z.infer<S>, config?: RunnableConfig): Promise<string> => {
    const threadId = threadOf(config);
    if (!threadId)
      return JSON.stringify({
        ok: false,
        code: "invalid_input",
        reason: "The tool was run without configurable.thread_id; account tools need the conversation id.",
        customerMessage: "Something went wrong on our side before I could look at that; please try again in a moment.",
        nextStep: "retry_later",
      });
    try {
      return JSON.stringify(await call({ threadId }, input));
    } catch (err) {
      // A backend bug or outage must not end the turn: report it as a refusal the agent can hand over on.
      return JSON.stringify({
        ok: false,
        code: "unavailable",
        reason: `Backend error: ${(err as Error).message}`,
        customerMessage: "Our account system ran into a problem just now, so nothing was changed; a colleague can pick this up for you.",
        nextStep: "hand_over",
      });
    }
  };
  return tool(fn as never, { name, description, schema }) as unknown as DynamicStructuredTool;
}

export function createBackendTools(backend: TelecomBackend): DynamicStructuredTool[] {
  return [
    make(
      "find_customer_by_phone",
      "Look up a customer by the phone number on the account. With the number alone it only identifies (masked first name). Add the customer's full name or date of birth to verify their identity for this conversation; nothing on an account can be read or changed before that.",
      z.object({
        phoneNumber: z.string().describe("Phone number as the customer gave it, any common format"),
        fullName: z.string().optional().describe("Customer's full name as they gave it"),
        dateOfBirth: z.string().optional().describe("Date of birth as YYYY-MM-DD or MM/DD/YYYY"),
      }),
      (ctx, a) => backend.findCustomerByPhone(ctx, a),
    ),
    make(
      "find_customer_by_name_and_dob",
      "Verify a customer by full name and date of birth when they cannot give the phone number on the account.",
      z.object({ fullName: z.string(), dateOfBirth: z.string().describe("YYYY-MM-DD or MM/DD/YYYY") }),
      (ctx, a) => backend.findCustomerByNameAndDob(ctx, a),
    ),
    make("get_verified_customer", "Who is verified in this conversation, if anyone.", z.object({}), (ctx) => backend.getVerifiedCustomer(ctx)),
    make("get_customer", "The verified customer's account: contact, address, status, tier, payment methods and lines.", z.object({}), (ctx) =>
      backend.getCustomer(ctx),
    ),
    make("get_line", "Details of one of the verified customer's lines with its plan.", z.object({ lineId }), (ctx, a) => backend.getLine(ctx, a)),
    make(
      "list_plans",
      "The plan catalogue with prices, data limits and top-up prices (public, no verification needed).",
      z.object({ kind: PlanKind.optional() }),
      (ctx, a) => backend.listPlans(ctx, a),
    ),
    make("get_plan", "One plan by id or name.", z.object({ planId: z.string() }), (ctx, a) => backend.getPlan(ctx, a)),
    make(
      "list_bills",
      "The verified customer's bills, newest first, with line items.",
      z.object({ status: BillStatus.optional() }),
      (ctx, a) => backend.listBills(ctx, a),
    ),
    make("get_bill", "One bill with its line items and any pending payment request.", z.object({ billId: z.string() }), (ctx, a) =>
      backend.getBill(ctx, a),
    ),
    make(
      "get_usage",
      "Mobile data used, refuelled and left this cycle, and whether the line needs a top-up.",
      z.object({ lineId }),
      (ctx, a) => backend.getUsage(ctx, a),
    ),
    make("list_devices", "The verified customer's devices (phones, routers), optionally for one line.", z.object({ lineId }), (ctx, a) =>
      backend.listDevices(ctx, a),
    ),
    make(
      "check_network_status",
      "Mobile and broadband network status and outages for an area (area id, ZIP code, city or address). Omit the area to use the verified customer's address.",
      z.object({ area: z.string().optional() }),
      (ctx, a) => backend.checkNetworkStatus(ctx, a),
    ),
    make(
      "get_line_status",
      "Carrier-side diagnostic summary of a line: status, suspension reason, contract, roaming, data vs limit, overdue bills, pending payment request, area outage, with one observation per carrier check.",
      z.object({ lineId }),
      (ctx, a) => backend.getLineStatus(ctx, a),
    ),
    make("run_broadband_line_test", "Test a home broadband line from the exchange (ok, fault, sync drops).", z.object({ lineId }), (ctx, a) =>
      backend.runBroadbandLineTest(ctx, a),
    ),
    make(
      "propose_action",
      "Propose an account action to the customer before doing it: checks policy, resolves the line/bill/plan and prices it. Returns the proposal with `effect` (a sentence to show the customer) and `price`; tell the customer both and wait for their answer. The action itself runs only after the customer says yes. Arguments by action: top_up_data (gb, lineId), enable_roaming / disable_roaming / resume_line (lineId), send_payment_request (billId, channel), change_plan (planId, lineId), book_technician (lineId, preferredDate).",
      z.object({
        action: AccountActionKind,
        lineId,
        gb: z.number().optional().describe("top_up_data: GB to add, at most 2"),
        billId: z.string().optional().describe("send_payment_request: the overdue bill"),
        channel: z.enum(["sms", "email"]).optional().describe("send_payment_request: how to send the link (default sms)"),
        planId: z.string().optional().describe("change_plan: plan id or name"),
        preferredDate: z.string().optional().describe("book_technician: YYYY-MM-DD, after today"),
      }),
      (ctx, a) => {
        const { action, ...args } = a;
        return backend.proposeAction(ctx, { action, args } as ProposalRequest);
      },
    ),
    make(
      "set_roaming",
      "Enable or disable roaming on a mobile line (free to switch on; Travel Pass days cost extra abroad). Needs the customer's accepted proposal.",
      z.object({ lineId, enabled: z.boolean() }),
      (ctx, a) => backend.setRoaming(ctx, a),
    ),
    make(
      "top_up_data",
      "Add data to a mobile line that has run out or nearly out: at most 2 GB per top-up, charged to the current bill at the plan's top-up price. Needs the customer's accepted proposal.",
      z.object({ lineId, gb: z.number().describe("GB to add, at most 2") }),
      (ctx, a) => backend.topUpData(ctx, a),
    ),
    make(
      "send_payment_request",
      "Send the customer a payment link for an overdue bill (one pending request at a time). Needs the customer's accepted proposal.",
      z.object({ billId: z.string(), channel: z.enum(["sms", "email"]).optional() }),
      (ctx, a) => backend.sendPaymentRequest(ctx, a),
    ),
    make(
      "resume_line",
      "Resume a suspended line once nothing blocks it (the overdue bill that caused it is paid; the contract has not ended). Needs the customer's accepted proposal.",
      z.object({ lineId }),
      (ctx, a) => backend.resumeLine(ctx, a),
    ),
    make(
      "change_plan",
      "Move a line to another plan: an upgrade starts today (the difference for the rest of the cycle goes on the bill), a downgrade at the next billing cycle. Needs the customer's accepted proposal.",
      z.object({ lineId, planId: z.string().describe("Plan id or name, e.g. max or Nimbus Max") }),
      (ctx, a) => backend.changePlan(ctx, a),
    ),
    make(
      "book_technician",
      "Book a technician visit for a home broadband line fault (not during an area outage). Needs the customer's accepted proposal.",
      z.object({ lineId, preferredDate: z.string().optional().describe("YYYY-MM-DD, after today"), notes: z.string().optional() }),
      (ctx, a) => backend.bookTechnician(ctx, a),
    ),
    make(
      "open_ticket",
      "Open a support ticket for the verified customer; priority is derived from urgency, sentiment, impact and the customer's tier.",
      z.object({
        category: TicketCategory,
        subject: z.string(),
        description: z.string().optional(),
        lineId,
        urgency: Urgency.optional(),
        sentiment: Sentiment.optional(),
        impact: Impact.optional(),
      }),
      (ctx, a) => backend.openTicket(ctx, a),
    ),
    make(
      "update_ticket",
      "Add a note to a ticket, or change its status or assignee.",
      z.object({ ticketId: z.string(), status: TicketStatus.optional(), note: z.string().optional(), assignee: z.string().optional() }),
      (ctx, a) => backend.updateTicket(ctx, a),
    ),
    make("get_ticket", "Read a ticket with its history.", z.object({ ticketId: z.string() }), (ctx, a) => backend.getTicket(ctx, a)),
    make("list_tickets", "The verified customer's tickets.", z.object({ status: TicketStatus.optional() }), (ctx, a) =>
      backend.listTickets(ctx, a),
    ),
    make(
      "transfer_to_human",
      "Hand the conversation to a human agent with a summary (what the customer needs, what was checked and done). Always available, verified or not. A conversation has one hand-over ticket: calling it again adds the summary to that ticket (reused: true).",
      z.object({
        summary: z.string().describe("What the customer needs, what was found and done, so they need not repeat it"),
        reason: z.string().describe("Why a human is needed"),
        urgency: Urgency.optional(),
        sentiment: Sentiment.optional(),
        impact: Impact.optional(),
      }),
      (ctx, a) => backend.transferToHuman(ctx, a),
    ),
  ];
}

export const BACKEND_TOOL_NAMES = [
  "find_customer_by_phone",
  "find_customer_by_name_and_dob",
  "get_verified_customer",
  "get_customer",
  "get_line",
  "list_plans",
  "get_plan",
  "list_bills",
  "get_bill",
  "get_usage",
  "list_devices",
  "check_network_status",
  "get_line_status",
  "run_broadband_line_test",
  "propose_action",
  "set_roaming",
  "top_up_data",
  "send_payment_request",
  "resume_line",
  "change_plan",
  "book_technician",
  "open_ticket",
  "update_ticket",
  "get_ticket",
  "list_tickets",
  "transfer_to_human",
] as const;
export type BackendToolName = (typeof BACKEND_TOOL_NAMES)[number];
