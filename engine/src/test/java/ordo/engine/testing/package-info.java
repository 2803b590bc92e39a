/**
 * Test fixture for the engine, published in the engine's test-jar so journal and gateway tests can reuse it.
 *
 * <ul>
 *   <li>{@link ordo.engine.testing.EngineDriver}: drives an engine with a fake clock and gap-free sequences, encodes
 *   commands ({@link ordo.engine.testing.Cmd}) with {@link ordo.engine.CommandCodec}, copies replies into
 *   {@link ordo.engine.testing.Result}s and decodes views into {@link ordo.engine.testing.Views} records; records
 *   every journaled command in a {@link ordo.engine.testing.CommandLog} and every event.</li>
 *   <li>{@link ordo.engine.testing.CommandLog}: what a journal holds (sequence, stamped time, type, payload bytes);
 *   replay it into a fresh or snapshot-restored driver.</li>
 *   <li>{@link ordo.engine.testing.RandomCommands}: random-but-valid-ish command streams over a small network, as jqwik
 *   arbitraries or from a seed; {@link ordo.engine.testing.OpRunner} applies them.</li>
 * </ul>
 *
 * Typical journal test: {@code var d = new EngineDriver(RandomCommands.T0); var r = new OpRunner(d); r.setUp();
 * r.run(RandomCommands.generate(seed, 500));} then write {@code d.log().entries()} to the journal, read them back,
 * replay into {@code new EngineDriver()} and compare {@code stateHash()} and {@code results()}.
 */
package ordo.engine.testing;
