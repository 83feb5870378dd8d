import type { Metadata } from "next";

import { FlowEditor } from "@/components/flow-editor/editor";
import { Forbidden } from "@/components/forbidden";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Flow editor" };

/** The flow builder, full height inside the app shell (it cancels the shell's page padding). */
export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!can(user.role, "flows:read")) {
    return (
      <div data-testid="page-flow-editor">
        <h1 className="sr-only">Flow editor</h1>
        <Forbidden role={user.role} permission="flows:read" area="Flows" />
      </div>
    );
  }
  return (
    <div data-testid="page-flow-editor" className="-mx-4 -my-6 h-[calc(100dvh-3.5rem)] lg:-mx-8 lg:-my-8">
      <FlowEditor flowId={id} canEdit={can(user.role, "flows:edit")} userId={user.id} />
    </div>
  );
}
