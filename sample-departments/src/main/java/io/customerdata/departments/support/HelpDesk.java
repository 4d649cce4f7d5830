package io.customerdata.departments.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import io.customerdata.departments.population.Person;
import io.customerdata.departments.population.PhoneNumbers;
import io.customerdata.departments.population.Population;
import io.customerdata.departments.population.Region;
import io.customerdata.departments.population.Spellings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The help desk's requesters and tickets. Phones are stored in national notation. */
@Component
@ConditionalOnProperty(name = "department.name", havingValue = "support")
public class HelpDesk {

	/**
	 * Share of requesters whose phone is an old number the other systems no longer have.
	 */
	static final double STALE_PHONE_SHARE = 0.03;

	/** Share of requesters filed under another region than the CRM's (they moved). */
	static final double OTHER_REGION_SHARE = 0.01;

	private static final List<String> SUBJECTS = List.of("Cannot log in", "Invoice shows the wrong amount",
			"Export to CSV fails", "Request for a data copy", "Password reset e-mail not arriving",
			"Integration returns 500", "Upgrade plan question", "Cancel my subscription");

	private static final List<String> STATUSES = List.of("new", "open", "pending", "solved", "closed");

	/**
	 * Every fourth pending ticket is on hold instead (Zendesk's {@code hold}: waiting for
	 * a third party), chosen by its id so that the random draws, and with them every
	 * other record, stay as they were.
	 */
	private static final int HOLD_EVERY = 4;

	private static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");

	/**
	 * By id, which orders them as they came; written while read when the API adds one.
	 */
	private final Map<Long, Requester> requesters = new ConcurrentSkipListMap<>();

	private final Map<String, Long> idByEmail = new ConcurrentHashMap<>();

	private final Map<String, List<Long>> idsByPhone = new HashMap<>();

	private final Map<Long, Ticket> tickets = new LinkedHashMap<>();

	private final Map<Long, List<Long>> ticketIdsByRequester = new HashMap<>();

	private final AtomicLong ticketIds = new AtomicLong(9_000_000);

	public HelpDesk(Population population) {
		for (Person person : population.people()) {
			if (person.presence().support()) {
				SplittableRandom random = population.random(person, "support");
				Requester requester = requester(person, random);
				this.requesters.put(requester.id(), requester);
				this.idByEmail.put(Spellings.emailKey(requester.email()), requester.id());
				if (requester.phone() != null) {
					this.idsByPhone
						.computeIfAbsent(PhoneNumbers.lookupKey(requester.phone(), person.country()),
								(k) -> new ArrayList<>())
						.add(requester.id());
				}
				for (int t = 0, n = random.nextInt(5); t < n; t++) {
					Instant created = Population.instantBefore(random);
					long id = 4_000_000L + person.index() * 10L + t;
					String subject = SUBJECTS.get(random.nextInt(SUBJECTS.size()));
					String description = population.sentence(random);
					String status = STATUSES.get(random.nextInt(STATUSES.size()));
					addTicket(new Ticket(id, requester.id(), subject, description,
							(status.equals("pending") && id % HOLD_EVERY == 0) ? "hold" : status,
							PRIORITIES.get(random.nextInt(PRIORITIES.size())), created,
							created.plus(Duration.ofHours(random.nextInt(200)))));
				}
			}
		}
	}

	public Optional<Requester> requester(long id) {
		return Optional.ofNullable(this.requesters.get(id));
	}

	public Optional<Requester> findByEmail(String email) {
		return Optional.ofNullable(this.idByEmail.get(Spellings.emailKey(email))).map(this.requesters::get);
	}

	/**
	 * Phones in international notation; the help desk resolves its national ones per
	 * country.
	 */
	public List<Requester> findByPhone(String phone) {
		return this.idsByPhone.getOrDefault(PhoneNumbers.lookupKey(phone, "ZZ"), List.of())
			.stream()
			.map(this.requesters::get)
			.toList();
	}

	public List<Requester> search(String text) {
		String needle = text.strip().toLowerCase(Locale.ROOT);
		return this.requesters.values()
			.stream()
			.filter((r) -> r.name().toLowerCase(Locale.ROOT).contains(needle)
					|| r.email().toLowerCase(Locale.ROOT).contains(needle))
			.toList();
	}

	/**
	 * A new requester with a name, an e-mail and perhaps a phone, as an agent adds one;
	 * none if the e-mail is taken.
	 */
	public synchronized Optional<Requester> register(String name, String email, @Nullable String phone) {
		String key = Spellings.emailKey(email);
		if (this.idByEmail.containsKey(key)) {
			return Optional.empty();
		}
		long id = this.requesters.keySet().stream().mapToLong(Long::longValue).max().orElse(310_000L) + 1;
		Requester requester = new Requester(id, name, email, phone, null, null, null, List.of(), Map.of(), null, null,
				Instant.now());
		this.requesters.put(id, requester);
		this.idByEmail.put(key, id);
		return Optional.of(requester);
	}

	public Optional<Ticket> ticket(long id) {
		return Optional.ofNullable(this.tickets.get(id));
	}

	public List<Ticket> ticketsOf(long requesterId) {
		return this.ticketIdsByRequester.getOrDefault(requesterId, List.of()).stream().map(this.tickets::get).toList();
	}

	public synchronized Ticket open(long requesterId, String subject, String description, String priority) {
		Instant now = Instant.now();
		return addTicket(new Ticket(this.ticketIds.incrementAndGet(), requesterId, subject, description, "new",
				priority, now, now));
	}

	private Ticket addTicket(Ticket ticket) {
		this.tickets.put(ticket.id(), ticket);
		this.ticketIdsByRequester.computeIfAbsent(ticket.requesterId(), (k) -> new ArrayList<>()).add(ticket.id());
		return ticket;
	}

	private static Requester requester(Person person, SplittableRandom random) {
		String phone = null;
		if (random.nextDouble() < 0.8) {
			String e164 = (random.nextDouble() < STALE_PHONE_SHARE)
					? person.phone().replaceFirst("\\d$", "0").replaceFirst("(\\d)(\\d)$", "$2$1") : person.phone();
			phone = PhoneNumbers.format(e164, PhoneNumberFormat.NATIONAL);
		}
		Region region = (random.nextDouble() < OTHER_REGION_SHARE)
				? Region.values()[(person.region().ordinal() + 1) % Region.values().length] : person.region();
		List<String> tags = person.restricted() ? List.of("restricted") : List.of();
		int responses = random.nextInt(12);
		double score = (responses == 0) ? 0 : Math.round((1 + random.nextDouble() * 4) * 10) / 10.0;
		String plan = List.of("standard", "premium", "enterprise").get(random.nextInt(3));
		return new Requester(310_000L + person.index(), person.fullName(),
				Spellings.email(person.email(), random, 0.10, 0.08), phone, person.country(), person.company(),
				region.name(), tags, Map.of("sensitivity", person.restricted() ? "restricted" : "standard"),
				new Requester.Csat(score, responses),
				new Requester.Sla(plan, plan.equals("enterprise") ? 1 : plan.equals("premium") ? 4 : 24),
				person.firstSeen());
	}

}
