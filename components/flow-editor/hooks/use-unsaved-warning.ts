"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const LEAVE_MESSAGE = "Your latest changes to this flow could not be saved. Leave anyway and lose them?";

/**
 * Leaving the editor never drops edits silently: in-app links wait for the pending save
 * and only ask when it fails (or the draft is in conflict); closing or reloading the tab
 * with unsaved changes gets the browser's own warning.
 */
export function useUnsavedWarning(hasUnsaved: () => boolean, flush: () => Promise<boolean>) {
  const router = useRouter();
  useEffect(() => {
    function onBeforeUnload(event: BeforeUnloadEvent) {
      if (!hasUnsaved()) return;
      event.preventDefault();
      event.returnValue = "";
      void flush();
    }
    function onClick(event: MouseEvent) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
      if (!anchor || anchor.target === "_blank" || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname === window.location.pathname) return;
      if (!hasUnsaved()) return;
      event.preventDefault();
      event.stopPropagation();
      void flush().then((saved) => {
        if (saved || window.confirm(LEAVE_MESSAGE)) router.push(`${url.pathname}${url.search}${url.hash}`);
      });
    }
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [hasUnsaved, flush, router]);
}
