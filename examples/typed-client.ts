/**
 * A frontend's use of the typed client: sign in as a mailbox administrator, read a user of the
 * mailbox, text that user, log out.
 * Run it against `npm start`: `npx tsx examples/typed-client.ts http://localhost:4000/graphql`.
 */
import { SendSmsDocument, UserDocument } from '../client/generated.js';
import { GatewaySession } from '../client/session.js';

export async function runExample(endpoint: string, print: (line: string) => void): Promise<void> {
  // Queries as GET let HTTP caches keep them; mutations always go as POST.
  const session = new GatewaySession({ endpoint, queryMethod: 'GET' });
  const signedIn = await session.login('mailbox.admin', 'mailbox-admin-password');
  if (!signedIn.ok) throw new Error(`${signedIn.typename}: ${signedIn.message}`);

  const { data, errors } = await session.client.execute(UserDocument, { id: '1042' });
  if (errors.length > 0)
    print(`errors: ${errors.map((error) => error.extensions?.code).join(', ')}`);
  print(`user: ${data?.user?.login ?? 'not visible'}, can be texted: ${data?.user?.smsReady}`);

  const sent = await session.client.execute(SendSmsDocument, {
    userId: '1042',
    message: 'Your ECGrid parcel download is ready.',
  });
  const outcome = sent.data?.sendSms;
  if (outcome === undefined) {
    // Not a result of sendSms but a failure around it, such as a credential that may not text.
    print(`failed: ${sent.errors.map((error) => `${error.extensions?.code} ${error.message}`)}`);
  } else if (outcome.__typename === 'SmsSubmitted') {
    print(`sent ${outcome.messageLength} characters to ${outcome.user.login}`);
  } else {
    print(
      `not sent: ${outcome?.__typename} ${outcome && 'message' in outcome ? outcome.message : ''}`,
    );
  }
  await session.logout();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const endpoint = process.argv[2] ?? 'http://localhost:4000/graphql';
  runExample(endpoint, (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
