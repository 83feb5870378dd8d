"use client";

import { createContext, useContext } from "react";

/** What nodes and edges may ask the editor to do (so every change goes through its undo history). */
export type CanvasActions = {
  readOnly: boolean;
  deleteEdges: (ids: string[]) => void;
};

const CanvasActionsContext = createContext<CanvasActions>({ readOnly: true, deleteEdges: () => {} });

export const CanvasActionsProvider = CanvasActionsContext.Provider;

export function useCanvasActions(): CanvasActions {
  return useContext(CanvasActionsContext);
}
