/**
 * The TensorBoard event-file reader, registered with the reader registry on import (`createReader('tfevents')`).
 */

import { registerReader } from '../readerRegistry';
import { TfEventsReader } from './eventReader';

export { TfEventsReader, decodeEvent, halfToFloat } from './eventReader';
export { crc32c, maskCrc, maskedCrc32c } from './crc32c';

registerReader('tfevents', () => new TfEventsReader());
