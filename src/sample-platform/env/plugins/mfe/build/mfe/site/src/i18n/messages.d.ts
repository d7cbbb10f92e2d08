import type { SiteMessages } from '@openedx/frontend-base';

declare const messages: SiteMessages;
export default messages;