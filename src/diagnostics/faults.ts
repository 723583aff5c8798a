import { z } from "zod";
import { CustomerActionId, DeviceFacts, DiagnosisLayer, LayerCheck } from "../domain/customer-actions.js";

/**
 * Device faults as data: which layers a fault breaks, which failed check it can
 * explain, the fact that shows it (and the value that means it is fixed), the
 * step that fixes it, and how likely it is. The layered engine composes any
 * combination of them; no tree per symptom.
 */

const FactKey = z.enum(Object.keys(DeviceFacts.shape) as [keyof DeviceFacts, ...(keyof DeviceFacts)[]]);

export const FaultSpec = z.object({
  id: z.string(),
  layers: z.array(DiagnosisLayer).min(1),
  /** Failed check results this fault can cause. */
  explains: z.array(LayerCheck.shape.result).min(1),
  fact: FactKey,
  /** The fact's value that shows the fault ("below_best": a network type or mode under what the area and phone allow). */
  faulty: z.string(),
  /** The fact's value once fixed. */
  good: z.string(),
  fix: CustomerActionId,
  /** How likely the fault is among those that explain the same failure (higher asked first). */
  prior: z.number().min(0).max(1),
  /** The change takes effect only after a restart or network search. */
  needsRestart: z.boolean().default(false),
  /** Only a fault when the customer is abroad. */
  abroadOnly: z.boolean().default(false),
  /** Only a person can fix it: the reason for the hand-over. */
  handover: z.string().optional(),
  /** Why this step, in customer language (the answer to "why?"). */
  why: z.string(),
  /** The check-and-fix instruction (the layer's re-check is added after it). */
  ask: z.string(),
});
export type FaultSpec = z.infer<typeof FaultSpec>;

export const DEVICE_FAULTS: FaultSpec[] = z.array(FaultSpec).parse([
  {
    id: "airplane_mode", layers: ["service"], explains: ["no_service"], fact: "airplaneMode", faulty: "on", good: "off", fix: "airplane_mode_off", prior: 0.5,
    why: "Airplane mode switches off the phone's radio, so it can't reach any network until it is off.",
    ask: "Please make sure airplane mode is switched off.",
  },
  {
    id: "sim_missing", layers: ["service"], explains: ["no_service"], fact: "sim", faulty: "missing", good: "ok", fix: "reseat_sim", prior: 0.3,
    why: "When the phone can't read the SIM card it can't register on the network; a SIM that has shifted in its tray is the usual cause.",
    ask: "Please switch the phone off, take the SIM card out of its tray, check it sits flat, put it back and switch the phone on again.",
  },
  {
    id: "sim_pin", layers: ["service"], explains: ["no_service"], fact: "sim", faulty: "pin_locked", good: "ok", fix: "enter_sim_pin", prior: 0.2,
    why: "A SIM with a PIN lock stays off the network until its PIN is entered after each restart.",
    ask: "Your SIM is asking for its PIN: please enter your SIM PIN (not the screen unlock code). If you're not sure of it, don't guess, as three wrong tries lock the SIM.",
  },
  {
    id: "sim_puk", layers: ["service"], explains: ["no_service"], fact: "sim", faulty: "puk_locked", good: "ok", fix: "enter_sim_pin", prior: 0.05,
    handover: "The SIM is PUK-locked; the PUK code must be given by a colleague after extra security checks, or the SIM replaced.",
    why: "After three wrong PINs the SIM locks itself and needs its PUK code.",
    ask: "Please don't try any more codes on the SIM.",
  },
  {
    id: "data_roaming_off", layers: ["data", "mms"], explains: ["no_connection", "mms_failed"], fact: "dataRoaming", faulty: "off", good: "on", fix: "roaming_on", prior: 0.6, abroadOnly: true,
    why: "Abroad, your phone only uses mobile data when its own data roaming switch is on, even when roaming is on for your line.",
    ask: "Please make sure data roaming is switched on in your phone's settings.",
  },
  {
    id: "mobile_data_off", layers: ["data", "mms"], explains: ["no_connection", "mms_failed"], fact: "mobileData", faulty: "off", good: "on", fix: "mobile_data_on", prior: 0.5,
    why: "Without mobile data switched on the phone can't go online away from Wi-Fi, and picture messages need it too.",
    ask: "Please make sure mobile data is switched on.",
  },
  {
    id: "network_mode_low", layers: ["data", "mms"], explains: ["slow", "mms_failed", "no_connection"], fact: "networkMode", faulty: "below_best", good: "best", fix: "network_mode_4g5g", prior: 0.4, needsRestart: true,
    why: "The preferred network setting decides the fastest network your phone may use; on 2G or 3G data crawls and picture messages can't be sent.",
    ask: "Please set the preferred network type to the highest option (5G or 4G/LTE, auto), then restart your phone so it searches the network again.",
  },
  {
    id: "data_saver", layers: ["data"], explains: ["slow"], fact: "dataSaver", faulty: "on", good: "off", fix: "data_saver_off", prior: 0.35,
    why: "Data saver (Low Data Mode on iPhone) deliberately slows and limits data, which makes everything feel slow.",
    ask: "Please turn data saver off (on an iPhone it's called Low Data Mode).",
  },
  {
    id: "vpn", layers: ["data"], explains: ["slow"], fact: "vpn", faulty: "on", good: "off", fix: "disconnect_vpn", prior: 0.3,
    why: "A VPN sends all your data through its own servers, which is often much slower than our network.",
    ask: "Please disconnect any VPN on the phone for now.",
  },
  {
    id: "apn_wrong", layers: ["data", "mms"], explains: ["no_connection", "mms_failed"], fact: "apn", faulty: "other", good: "carrier", fix: "reset_apn", prior: 0.2, needsRestart: true,
    why: "The APN tells your phone how to connect to our data network; a wrong one means no data at all.",
    ask: "Please reset the APN (access point) settings to default, then restart your phone.",
  },
  {
    id: "messaging_permissions", layers: ["mms"], explains: ["mms_failed"], fact: "messagingPermissions", faulty: "missing", good: "granted", fix: "messaging_permissions", prior: 0.3,
    why: "Your messaging app needs permission for SMS and for your photos (storage) to send a picture message.",
    ask: "Please check your messaging app's permissions and allow SMS and storage (photos and files).",
  },
  {
    id: "wifi_calling_mms", layers: ["mms"], explains: ["mms_failed"], fact: "wifiCalling", faulty: "on", good: "off", fix: "wifi_calling_off", prior: 0.25,
    why: "With Wi-Fi calling on, some phones try to send picture messages over Wi-Fi, which our network doesn't support.",
    ask: "Please switch Wi-Fi calling off for now.",
  },
  {
    id: "mms_server_blank", layers: ["mms"], explains: ["mms_failed"], fact: "mmsServer", faulty: "blank", good: "set", fix: "reset_apn", prior: 0.2, needsRestart: true,
    why: "Picture messages go through our MMS server, which is set in the APN settings; if it is missing, MMS fails while everything else works.",
    ask: "Please reset the APN (access point) settings to default, which puts our MMS server back, then restart your phone.",
  },
]);

/** The check of each layer, asked on its own or after a fix. */
export const LAYER_CHECK: Record<DiagnosisLayer, { action: CustomerActionId; ask: string; after: string; why: string }> = {
  service: {
    action: "check_status_bar",
    ask: "Could you look at the very top of your screen and tell me what it shows: how many signal bars, which network type (5G, 4G/LTE, 3G), and any message such as No SIM, SOS or an aeroplane icon?",
    after: "Then tell me what the top of your screen shows: signal bars and network type, or a message such as No SIM or SOS.",
    why: "The top of the screen tells us whether the phone is connected to our network at all, which everything else depends on.",
  },
  data: {
    action: "run_speed_test",
    ask: "Please run a speed test with Wi-Fi switched off (the Speedtest app, or fast.com in your browser) and tell me the download figure it shows, and whether the top of the screen says 5G, 4G or 3G.",
    after: "Then run a speed test with Wi-Fi off and tell me the download figure.",
    why: "A speed test over mobile data shows whether data gets through and whether it is as fast as your network should give.",
  },
  mms: {
    action: "send_test_mms",
    ask: "Please try sending a picture message (MMS) to someone, with Wi-Fi off, and tell me whether it goes through or fails.",
    after: "Then try sending a picture message again and tell me whether it goes through.",
    why: "Sending a picture message is the only way to see whether MMS works now.",
  },
};

export const RESTART_STEP = {
  action: "restart_phone" as const,
  ask: "Please restart your phone (switch it off fully and on again), so the change takes effect.",
  why: "Some settings, like the APN and the preferred network type, only take effect when the phone restarts and searches the network again.",
};

/** Step-by-step guidance per phone, for "how do I do that?" and "I can't find that setting". */
export const GUIDANCE: Partial<Record<CustomerActionId, { ios: string; android: string }>> = {
  airplane_mode_off: {
    ios: "On your iPhone, swipe down from the top-right corner to open Control Center and tap the aeroplane icon so it turns grey (or go to Settings > Airplane Mode).",
    android: "Swipe down twice from the top of the screen to open Quick Settings and tap the aeroplane icon so it turns off (or Settings > Network & internet > Airplane mode).",
  },
  reseat_sim: {
    ios: "Switch the iPhone off, push the SIM tool (or a straightened paper clip) into the small hole of the SIM tray on the side, slide the tray out, seat the SIM flat, slide it back and switch on.",
    android: "Switch the phone off, push the SIM tool (or a straightened paper clip) into the small hole of the SIM tray on the edge, slide the tray out, seat the SIM flat, slide it back and switch on.",
  },
  enter_sim_pin: {
    ios: "When the iPhone shows SIM Locked, tap Unlock and type the SIM PIN that came with your SIM card (on the card's holder), then tap OK.",
    android: "When the phone shows the SIM PIN screen, type the SIM PIN that came with your SIM card (on the card's holder) and tap OK or the tick.",
  },
  mobile_data_on: {
    ios: "Go to Settings > Cellular (or Mobile Data) and switch Cellular Data on.",
    android: "Go to Settings > Network & internet > SIMs (or Mobile network) and switch Mobile data on.",
  },
  roaming_on: {
    ios: "Go to Settings > Cellular > Cellular Data Options and switch Data Roaming on.",
    android: "Go to Settings > Network & internet > SIMs (or Mobile network) and switch Roaming on.",
  },
  data_saver_off: {
    ios: "Go to Settings > Cellular > Cellular Data Options and switch Low Data Mode off.",
    android: "Go to Settings > Network & internet > Data Saver and switch it off.",
  },
  disconnect_vpn: {
    ios: "Go to Settings > VPN (or General > VPN & Device Management), set the status to Not Connected, and close the VPN app.",
    android: "Go to Settings > Network & internet > VPN, tap the connected VPN and choose Disconnect.",
  },
  network_mode_4g5g: {
    ios: "Go to Settings > Cellular > Cellular Data Options > Voice & Data and choose 5G Auto (LTE on an iPhone without 5G), then restart the iPhone.",
    android: "Go to Settings > Network & internet > SIMs > Preferred network type and choose the top option (5G or 4G/LTE), then restart the phone.",
  },
  wifi_calling_off: {
    ios: "Go to Settings > Cellular (or Phone) > Wi-Fi Calling and switch it off.",
    android: "Go to Settings > Network & internet > SIMs > Wi-Fi calling and switch it off (on some phones it is in the Phone app's settings).",
  },
  messaging_permissions: {
    ios: "Go to Settings > Messages and make sure MMS Messaging is on, and under Settings > Privacy & Security > Photos give Messages access.",
    android: "Go to Settings > Apps > Messages > Permissions and allow SMS and Photos and videos (or Files and media).",
  },
  reset_apn: {
    ios: "Go to Settings > Cellular > Cellular Data Network, tap Reset Settings at the bottom, then restart the iPhone.",
    android: "Go to Settings > Network & internet > SIMs > Access Point Names, tap the ⋮ menu and choose Reset to default, then restart the phone.",
  },
  restart_phone: {
    ios: "Hold the side button and either volume button until the slider appears, slide to power off, wait 30 seconds, then hold the side button until the Apple logo shows.",
    android: "Hold the power button (on some phones power and volume up together) and tap Restart.",
  },
  check_status_bar: {
    ios: "The status bar is the very top of the screen: the signal bars and 5G/LTE are at the top right, and a message like SOS or No SIM shows there too.",
    android: "The status bar is the very top of the screen: the signal bars and 5G/4G are at the top right, and a message like Emergency calls only or No SIM shows there or on the lock screen.",
  },
  run_speed_test: {
    ios: "Switch Wi-Fi off in Control Center, open Safari, go to fast.com and wait for the figure to settle (or use the Speedtest app).",
    android: "Switch Wi-Fi off in Quick Settings, open Chrome, go to fast.com and wait for the figure to settle (or use the Speedtest app).",
  },
  send_test_mms: {
    ios: "Open Messages, pick a contact, tap the + or photo button, choose a photo and send it; a green bubble means it went as a picture message.",
    android: "Open Messages, pick a contact, tap the + or attachment button, choose a photo and send it.",
  },
};

export function faultById(id: string): FaultSpec | undefined {
  return DEVICE_FAULTS.find((f) => f.id === id);
}
