import type { GraphiQLOptions } from 'graphql-yoga';

const CREDENTIAL_HINT = `# Each request's credential goes on to ECGrid: an
# X-API-Key header, or Authorization: Bearer <token>
# with a token from the login mutation. Set one under
# "Headers" below, such as
#   {"X-API-Key": "parcel-ops-key"}
# on the sandbox. Without one, the server's
# ECGRID_API_KEY is used (under npm start, the
# sandbox administrator's key).
`;

/** Reads the user that the vendor's Send SMS example texts. */
export const USER_EXAMPLE = `${CREDENTIAL_HINT}
query User {
  user(id: "1042") {
    id
    login
    firstName
    lastName
    cellPhone
    cellCarrier
    smsReady
  }
}
`;

/** The vendor's Send SMS example. Running it sends a text message. */
export const SEND_SMS_EXAMPLE = `${CREDENTIAL_HINT}
mutation SendSms {
  sendSms(userId: "1042", message: "Your ECGrid parcel download is ready.") {
    __typename
    ... on SmsSubmitted {
      messageLength
      submittedAt
      user {
        id
        login
      }
    }
    ... on EcgridError {
      message
    }
  }
}
`;

/**
 * The GraphiQL settings: one tab per example. Headers are not persisted in the browser's
 * storage, so an API key typed into the page is gone when the tab closes.
 */
export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'ECGrid GraphQL gateway',
  defaultTabs: [
    { query: USER_EXAMPLE, headers: '{}' },
    { query: SEND_SMS_EXAMPLE, headers: '{}' },
  ],
  defaultEditorToolsVisibility: 'headers',
  shouldPersistHeaders: false,
};
