/** Public entry point of the pure set-algebra layer: addresses, address sets, services and packet spaces. */
export * from './interval-set';
export * from './ip';
export * from './ip-set';
export * from './service';
export {
  Cube,
  Packet,
  PacketSpace,
} from './packet-space';
