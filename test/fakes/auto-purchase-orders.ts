/** Auto Purchase Orders has no API: the fake is its sender, which posts the payload as a JSON body, nothing else. */
import { post } from './http';

export function sendAutoPurchaseOrder(url: string, payload: unknown): Promise<number> {
  return post(url, JSON.stringify(payload), { 'Content-Type': 'application/json' });
}
