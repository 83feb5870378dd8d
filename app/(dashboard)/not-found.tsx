import { FileQuestion } from "lucide-react";
import Link from "next/link";

import { EmptyState } from "@/components/empty-state";
import { PageContainer } from "@/components/page-header";
import { Button } from "@/components/ui/button";

export default function DashboardNotFound() {
  return (
    <PageContainer name="not-found">
      <h1 className="sr-only">Not found</h1>
      <EmptyState
        icon={FileQuestion}
        title="We couldn't find that"
        data-testid="not-found"
        actions={
          <Button asChild>
            <Link href="/inbox">Go to the inbox</Link>
          </Button>
        }
      >
        <p>It may have been deleted, or the link is wrong. Use the sidebar to get back to your work.</p>
      </EmptyState>
    </PageContainer>
  );
}
