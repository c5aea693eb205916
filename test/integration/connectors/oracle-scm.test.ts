import { describeConnectorAcceptance } from './acceptance.ts';
import { connectorExpectations } from './expectations.ts';

const expectation = connectorExpectations.find((c) => c.connector === 'oracle-scm');
if (!expectation) throw new Error('no expectation for oracle-scm');
describeConnectorAcceptance(expectation);
