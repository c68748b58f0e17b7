/** Public entry point of the pure set-algebra layer: addresses, address sets, services and packet spaces. */
export * from './interval-set';
export * from './ip';
export * from './ip-set';
export * from './service';
export { PacketSpace, PORT_UNIVERSE, PROTO_UNIVERSE } from './packet-space';
export type { Cube, Packet } from './packet-space';
