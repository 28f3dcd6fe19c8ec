/**
 * Stripe.js, loaded from Stripe on first use as Stripe requires (never bundled), typed for the few
 * calls the card form makes. The card number is typed into Stripe's frame and goes to Stripe only.
 */
export const STRIPE_JS_URL = 'https://js.stripe.com/v3';

export interface StripeCardElement {
  mount(target: HTMLElement): void;
  on(event: 'change', handler: (event: { complete: boolean; error?: { message: string } }) => void): void;
  focus(): void;
  clear(): void;
  destroy(): void;
}

export interface StripeJs {
  elements(): { create(type: 'card', options?: { hidePostalCode?: boolean }): StripeCardElement };
  confirmCardSetup(
    clientSecret: string,
    data: { payment_method: { card: StripeCardElement } },
  ): Promise<{ setupIntent?: { id: string; status: string }; error?: { message?: string; code?: string } }>;
}

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeJs;
  }
}

let loading: Promise<NonNullable<Window['Stripe']>> | null = null;
const instances = new Map<string, StripeJs>();

function loadScript(): Promise<NonNullable<Window['Stripe']>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS_URL;
    script.async = true;
    script.onload = () =>
      window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js did not start.'));
    script.onerror = () => {
      // A later attempt (the retry button) loads it again.
      loading = null;
      script.remove();
      reject(new Error('Stripe.js could not be loaded.'));
    };
    document.head.appendChild(script);
  });
  return loading;
}

/** One Stripe.js instance per publishable key, as Stripe recommends. */
export async function loadStripe(publishableKey: string): Promise<StripeJs> {
  const existing = instances.get(publishableKey);
  if (existing) return existing;
  const stripe = (await loadScript())(publishableKey);
  instances.set(publishableKey, stripe);
  return stripe;
}
