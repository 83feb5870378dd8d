"use client";

import { Smile } from "lucide-react";

import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

const EMOJI = "😀 😂 😊 😍 🙂 😉 🤔 😅 😢 😮 😎 🙏 👍 👎 👌 👏 🙌 💪 👋 🤝 ❤️ 💚 🔥 ⭐ ✅ ❌ ⚠️ ❓ 🎉 🎁 📦 🚚 💳 💰 📞 📧 📍 🕒 📅 ✨".split(" ");

/** A small grid of the emoji agents use most; the OS picker (Win+. / Ctrl+Cmd+Space) still works in the text box. */
export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button type="button" size="icon-sm" variant="ghost" aria-label="Insert emoji" data-testid="composer-emoji">
          <Smile aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      {/* Focus goes back to the text box (onPick), not to this button. */}
      <DropdownMenuContent align="start" className="grid w-72 grid-cols-8 gap-0.5 p-1.5" onCloseAutoFocus={(event) => event.preventDefault()}>
        {EMOJI.map((emoji) => (
          <DropdownMenuItem key={emoji} className="flex size-8 items-center justify-center p-0 text-lg" onSelect={() => onPick(emoji)} aria-label={`Insert ${emoji}`}>
            {emoji}
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
