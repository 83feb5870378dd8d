/** WhatsApp's own colours, light and dark, so the phone reads as WhatsApp at a glance. */
export const wa = {
  header: "bg-[#008069] text-white dark:bg-[#202c33] dark:text-[#e9edef]",
  wallpaper: "bg-[#efeae2] dark:bg-[#0b141a]",
  pattern:
    "bg-[radial-gradient(rgba(17,27,33,0.07)_1px,transparent_1.5px)] dark:bg-[radial-gradient(rgba(233,237,239,0.05)_1px,transparent_1.5px)] bg-[size:18px_18px]",
  incoming: "bg-white text-[#111b21] dark:bg-[#202c33] dark:text-[#e9edef]",
  outgoing: "bg-[#d9fdd3] text-[#111b21] dark:bg-[#005c4b] dark:text-[#e9edef]",
  meta: "text-[#667781] dark:text-[#8696a0]",
  metaOnOutgoing: "text-[#667781] dark:text-[#a7c4bd]",
  accent: "text-[#027eb5] dark:text-[#53bdeb]",
  bar: "bg-[#f0f2f5] dark:bg-[#202c33]",
  field: "bg-white text-[#111b21] placeholder:text-[#667781] dark:bg-[#2a3942] dark:text-[#e9edef] dark:placeholder:text-[#8696a0]",
  send: "bg-[#00a884] text-white hover:bg-[#008f72] dark:text-[#111b21]",
  chip: "bg-white/90 text-[#54656f] dark:bg-[#182229] dark:text-[#8696a0]",
  notice: "bg-[#ffeecd] text-[#54656f] dark:bg-[#182229] dark:text-[#ffd279]",
  sheet: "bg-white text-[#111b21] dark:bg-[#111b21] dark:text-[#e9edef]",
  divider: "border-[#e9edef] dark:border-[#2a3942]",
  focus: "outline-none focus-visible:ring-2 focus-visible:ring-[#00a884] focus-visible:ring-offset-1",
} as const;
