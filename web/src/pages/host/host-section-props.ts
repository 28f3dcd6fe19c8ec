/** What each section of a host's page is given. */
export interface HostSectionProps {
  hostId: string;
  domain: string;
  /** Billing contacts see the section but get no controls. */
  canChange: boolean;
}
