/** Sends a one-time code. The deployment's relay is an HTTP endpoint taking `{to, subject, text}`; tests run a local one. */
export interface MailSender {
  send(mail: { to: string; subject: string; text: string }): Promise<void>;
}

export function httpMailSender(url: string): MailSender {
  return {
    async send(mail) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(mail),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`mail relay answered ${res.status}`);
    },
  };
}
