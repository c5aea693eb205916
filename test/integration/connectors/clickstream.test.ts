import { describeConnectorAcceptance } from './acceptance.ts';
import { connectorExpectations } from './expectations.ts';

const expectation = connectorExpectations.find((c) => c.connector === 'clickstream');
if (!expectation) throw new Error('no expectation for clickstream');
describeConnectorAcceptance(expectation);
