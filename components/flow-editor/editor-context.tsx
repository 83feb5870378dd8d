"use client";

import { createContext, useContext } from "react";

export type VariableOption = {
  /** The path to put between {{ }}. */
  name: string;
  /** Where it comes from: "Ask “Menu”", "Contact", "Message". */
  source: string;
};

export type EditorContextValue = {
  flowId: string;
  readOnly: boolean;
  /** Variables and built-in paths the flow can read, for the {{ }} picker and condition subjects. */
  variables: VariableOption[];
  /** The workspace's other flows, for Go to flow. */
  flows: { id: string; name: string; publishedVersion: number | null }[];
};

const EditorContext = createContext<EditorContextValue>({ flowId: "", readOnly: true, variables: [], flows: [] });

export const EditorContextProvider = EditorContext.Provider;

export function useEditorContext(): EditorContextValue {
  return useContext(EditorContext);
}
