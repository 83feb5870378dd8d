/**
 * What a provider error means and what to do about it, for the inbox tooltip and for the
 * outbound retry decision. Meta codes also arrive through 360dialog (verbatim) and YCloud
 * (as strings); Twilio uses its own 63xxx/2xxxx codes; YCloud adds word codes.
 * `retryable` means "the same request may succeed later without anyone changing anything".
 */
export interface ErrorInfo {
  title: string;
  meaning: string;
  fix: string;
  retryable: boolean;
}

const e = (title: string, meaning: string, fix: string, retryable = false): ErrorInfo => ({ title, meaning, fix, retryable });

const TEMPLATE_FIX = "Edit the Reply block's template settings or pick another approved template.";

const CATALOG: Record<string, ErrorInfo> = {
  // Meta Cloud API (also 360dialog, YCloud `whatsappApiError`)
  "0": e("Authentication failed", "Meta could not authenticate the request.", "Generate a new access token and update the channel."),
  "3": e("Capability missing", "The app lacks the capability or permission for this call.", "Check the app's WhatsApp permissions in the Meta App Dashboard."),
  "4": e("App rate limit", "The Meta app made too many API calls.", "Nothing to do: Tickflow retries with backoff.", true),
  "10": e("Permission denied", "The access token does not have the permission for this call.", "Grant whatsapp_business_messaging to the system user and regenerate the token."),
  "190": e("Access token expired or invalid", "The channel's access token expired or was revoked.", "Create a permanent system-user token in Business Settings and update the channel."),
  "368": e("Temporarily blocked", "The business number is temporarily blocked for policy violations.", "Review the notice in WhatsApp Manager; sending resumes when the block ends."),
  "80007": e("WhatsApp Business Account rate limit", "The WABA hit its API rate limit.", "Nothing to do: Tickflow retries with backoff.", true),
  "130429": e("Throughput limit reached", "The number sent more messages per second than allowed (80 per second by default).", "Retried automatically; spread bulk sends over time.", true),
  "130472": e("Part of a Meta experiment", "The customer is in a marketing-message experiment group; Meta did not deliver.", "Nothing to fix; the message is not retried."),
  "130497": e("Country restricted", "The business may not message users in this country.", "Check the business's messaging restrictions in WhatsApp Manager."),
  "131000": e("Something went wrong", "Meta reported an unknown error.", "Retried a few times; if it persists, check Meta's status page.", true),
  "131005": e("Access denied", "The token is not allowed to send from this number.", "Check the token belongs to a system user with access to this WhatsApp account."),
  "131008": e("Required parameter missing", "The request lacked a required field.", "Check the Reply block's settings (and template parameters)."),
  "131009": e("Parameter value invalid", "A field in the request had an invalid value (often the phone number or a media URL).", "Check the recipient number and the block's settings."),
  "131016": e("Service unavailable", "WhatsApp is temporarily unavailable.", "Nothing to do: retried with backoff.", true),
  "131021": e("Recipient is the sender", "The message was addressed to the business number itself.", "Send to a customer's number, not the bot's."),
  "131026": e("Message undeliverable", "The number is not on WhatsApp, uses an outdated app, has not accepted the latest terms, or blocked the business.", "Confirm the number with the customer by another channel; do not resend right away."),
  "131030": e("Recipient not in allowed list", "The app is in development mode and this number is not one of its test recipients.", "Add the number under WhatsApp › API Setup in the App Dashboard, or take the app live."),
  "131031": e("Account locked", "The WhatsApp account is locked (policy violation or wrong two-step PIN).", "Resolve the issue in WhatsApp Manager."),
  "131037": e("Display name not approved", "The number's display name has not been approved.", "Get the display name approved in WhatsApp Manager."),
  "131042": e("Payment issue", "The business has a billing or eligibility problem.", "Fix the payment method in WhatsApp Manager (or with your provider)."),
  "131045": e("Number not registered", "The phone number's registration or certificate is invalid.", "Re-register the phone number with the Cloud API."),
  "131047": e("24-hour window closed", "More than 24 hours have passed since the customer's last message, so WhatsApp only accepts templates.", "Send an approved template; free-form replies work again once the customer answers."),
  "131048": e("Spam rate limit", "Too many messages from this number were blocked or reported, so sending is limited.", "Pause campaigns and improve message quality; check the quality rating in WhatsApp Manager."),
  "131049": e("Held back by Meta", "Meta did not deliver this marketing message to keep the customer's experience healthy (per-user marketing cap).", "Do not resend right away; try again after at least 24 hours."),
  "131050": e("Customer stopped marketing messages", "The customer opted out of marketing messages from this business.", "Respect the opt-out; do not send marketing templates to this customer."),
  "131051": e("Unsupported message type", "The customer sent something the API cannot carry (a poll, an edit, a pinned message…).", "Ask the customer to send it as text or media."),
  "131052": e("Media download failed", "The customer's media could not be downloaded.", "Ask the customer to send the file again."),
  "131053": e("Media upload failed", "WhatsApp could not fetch or accept the media (unreachable URL, wrong content type, too large).", "Check the URL is public and the file's type and size are supported."),
  "131056": e("Too many messages to this customer", "Pair rate limit: too many messages to the same customer in a short time.", "Retried automatically after a pause; avoid bursts to one customer.", true),
  "131057": e("Account in maintenance", "The WhatsApp account is in maintenance mode.", "Retried later automatically.", true),
  "131064": e("Messaging limited", "Messaging is limited after template-classification violations.", "Review template categories in WhatsApp Manager."),
  "132000": e("Template parameter count mismatch", "The number of parameters does not match the template's placeholders.", TEMPLATE_FIX),
  "132001": e("Template does not exist", "The template does not exist in this language or is not approved.", "Check the template name and language code, and that it is approved."),
  "132005": e("Template text too long", "The template's text is too long once parameters are filled in.", "Shorten the parameter values."),
  "132007": e("Template policy violation", "The template's content violates a WhatsApp policy.", "Edit and resubmit the template."),
  "132008": e("Template parameter invalid", "A template parameter value is invalid.", TEMPLATE_FIX),
  "132012": e("Template parameter format mismatch", "A parameter does not match the format the template expects.", TEMPLATE_FIX),
  "132015": e("Template paused", "The template was paused for low quality.", "Switch to another template or edit this one."),
  "132016": e("Template disabled", "The template was disabled for low quality.", "Switch to another template."),
  "132068": e("Flow blocked", "The WhatsApp Flow is blocked.", "Fix the Flow in WhatsApp Manager."),
  "132069": e("Flow throttled", "The WhatsApp Flow was sent too often (10 per hour).", "Retried later automatically.", true),
  "133010": e("Number not registered", "The business phone number is not registered with the Cloud API.", "Register the number before sending."),
  "135000": e("Generic user error", "Meta rejected the request for an unspecified reason.", "Check the request settings; contact the provider if it persists."),
  "137000": e("Customer identity changed", "The customer's identity key changed (identity-check is on).", "Re-confirm the customer before sending."),

  // Twilio
  "20003": e("Twilio authentication failed", "The Account SID or Auth Token is wrong.", "Update the channel's Twilio credentials."),
  "21211": e("Invalid 'To' number", "Twilio rejected the recipient number.", "Check the customer's number."),
  "21656": e("Invalid content variables", "ContentVariables did not match the Content template.", TEMPLATE_FIX),
  "63007": e("Sender not found", "Twilio has no WhatsApp sender for this 'From' number.", "Check the channel's phone number matches a WhatsApp sender in Twilio."),
  "63014": e("Blocked by the customer", "The customer blocked the business or the message was filtered by their action.", "Do not resend."),
  "63016": e("24-hour window closed", "Free-form message outside the 24-hour window (or a template sent as plain Body).", "Send a template with a Content SID."),
  "63017": e("Twilio rate limit", "The account exceeded Twilio's combined messaging rate.", "Retried automatically.", true),
  "63018": e("Channel rate limit", "The WhatsApp sender exceeded its rate limit.", "Retried automatically; slow down bulk sends.", true),
  "63024": e("Invalid recipient", "The recipient is not a valid WhatsApp user.", "Check the customer's number."),

  // YCloud
  BALANCE_INSUFFICIENT: e("YCloud balance too low", "The YCloud account has not enough balance to send.", "Top up the YCloud account."),
  RECIPIENT_UNSUBSCRIBED: e("Customer unsubscribed", "The customer is on YCloud's unsubscribe list.", "Do not message this customer unless they opt in again."),
  RECIPIENT_IN_BLOCK_LIST: e("Customer blocked", "The customer is on the account's block list in YCloud.", "Remove them from the block list in YCloud if this is a mistake."),
  TOO_MANY_REQUESTS: e("Rate limited", "The provider rate-limited the request.", "Retried automatically with backoff.", true),
  UNAUTHORIZED: e("API key rejected", "The provider rejected the API key.", "Update the channel's API key."),
  PARAM_INVALID: e("Invalid request", "The provider rejected a request parameter.", "Check the Reply block's settings."),

  // Tickflow's own codes, for failures that have no provider code
  timeout: e("Provider timed out", "The provider did not answer in time; the message may or may not have been accepted.", "Retried automatically.", true),
  network: e("Network error", "Tickflow could not reach the provider.", "Retried automatically; check the server's outbound connectivity if it persists.", true),
  http_429: e("Rate limited", "The provider answered 429 Too Many Requests.", "Retried automatically with backoff.", true),
  http_5xx: e("Provider error", "The provider had an internal error.", "Retried automatically.", true),
  http_401: e("Credentials rejected", "The provider rejected the channel's credentials.", "Update the channel's API key or token."),
  http_403: e("Forbidden", "The provider refused the request for these credentials.", "Check the channel's credentials and account status."),
  bad_response: e("Unreadable provider answer", "The provider accepted the request but its answer had no message id.", "Check the channel's API base URL."),
  invalid_content: e("Invalid message", "The message does not satisfy WhatsApp's limits.", "Fix the Reply block's settings."),
  unsupported_content: e("Not supported by this provider", "This provider cannot send this kind of message.", "Use a different block or provider."),
  template_requires_content_sid: e("Template needs a Content SID", "Twilio sends templates only through its Content API.", "Set the template's Content SID (HX…) in the Reply block."),
  canceled: e("Canceled", "The message was canceled before it was sent.", "Send it again if it is still needed."),
};

const DEFAULT_INFO: ErrorInfo = e(
  "Message failed",
  "The provider reported an error Tickflow does not know.",
  "Look the code up in the provider's documentation; the raw details are in the message history.",
);

/** The catalogue entry, or undefined for codes we do not know (the classifier then falls back on HTTP status). */
export function lookupError(code: string | number | null | undefined): ErrorInfo | undefined {
  if (code === null || code === undefined) return undefined;
  const key = String(code).trim();
  // Own keys only: a provider code like "constructor" must not find Object.prototype's members.
  if (Object.hasOwn(CATALOG, key)) return CATALOG[key];
  if (/^http_5\d\d$/.test(key)) return CATALOG.http_5xx;
  return undefined;
}

export function describeError(code: string | number | null | undefined): ErrorInfo {
  return lookupError(code) ?? { ...DEFAULT_INFO, meaning: code == null ? DEFAULT_INFO.meaning : `${DEFAULT_INFO.meaning} (code ${code})` };
}

export const KNOWN_ERROR_CODES: readonly string[] = Object.keys(CATALOG);
