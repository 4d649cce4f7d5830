package io.customerdata.departments.crm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.customerdata.departments.population.Person;
import io.customerdata.departments.population.PhoneNumbers;
import io.customerdata.departments.population.Population;
import io.customerdata.departments.population.Spellings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The CRM's accounts, indexed by id, contact e-mail and contact phone. */
@Component
@ConditionalOnProperty(name = "department.name", havingValue = "crm")
public class CrmAccounts {

	private static final List<String> STAGES = List.of("prospecting", "qualification", "proposal", "negotiation",
			"closed-won", "closed-lost");

	private static final Map<String, List<CrmAccount.Owner>> OWNERS = Map.of("EMEA",
			List.of(new CrmAccount.Owner("alice", "Alice Archer"), new CrmAccount.Owner("u-2101", "Jonas Weber")),
			"AMER", List.of(new CrmAccount.Owner("u-3104", "Maria Lopez"), new CrmAccount.Owner("u-3107", "Tom Reed")),
			"APAC", List.of(new CrmAccount.Owner("u-4102", "Aiko Tanaka")));

	private final Map<String, CrmAccount> byId = new LinkedHashMap<>();

	private final Map<String, List<String>> idsByEmail = new HashMap<>();

	private final Map<String, List<String>> idsByPhone = new HashMap<>();

	private final AtomicLong noteIds = new AtomicLong(1_000_000);

	public CrmAccounts(Population population) {
		for (Person person : population.people()) {
			if (person.presence().crm()) {
				CrmAccount account = account(person, population);
				this.byId.put(account.accountId(), account);
				this.idsByEmail.computeIfAbsent(Spellings.emailKey(person.email()), (k) -> new ArrayList<>())
					.add(account.accountId());
				this.idsByPhone.computeIfAbsent(person.phone(), (k) -> new ArrayList<>()).add(account.accountId());
			}
		}
	}

	public Optional<CrmAccount> find(String accountId) {
		return Optional.ofNullable(this.byId.get(accountId));
	}

	public List<CrmAccount> findByEmail(String email) {
		return resolve(this.idsByEmail.get(Spellings.emailKey(email)));
	}

	/** Phones in international notation; the CRM stores E.164. */
	public List<CrmAccount> findByPhone(String phone) {
		return resolve(this.idsByPhone.get(PhoneNumbers.lookupKey(phone, "ZZ")));
	}

	/** Accounts whose name, contact name or e-mail contains the text, ignoring case. */
	public List<CrmAccount> search(String text) {
		String needle = text.strip().toLowerCase(Locale.ROOT);
		return this.byId.values().stream().filter((account) -> matches(account, needle)).toList();
	}

	public synchronized Optional<CrmAccount> addNote(String accountId, String author, String text) {
		return find(accountId).map((account) -> {
			CrmAccount.Note note = new CrmAccount.Note("NOTE-" + this.noteIds.incrementAndGet(), author, Instant.now(),
					text);
			CrmAccount updated = account.withNote(note);
			this.byId.put(accountId, updated);
			return updated;
		});
	}

	private List<CrmAccount> resolve(List<String> ids) {
		return (ids != null) ? ids.stream().map(this.byId::get).toList() : List.of();
	}

	private static boolean matches(CrmAccount account, String needle) {
		CrmAccount.Contact contact = account.primaryContact();
		return account.accountName().toLowerCase(Locale.ROOT).contains(needle)
				|| (contact.firstName() + " " + contact.lastName()).toLowerCase(Locale.ROOT).contains(needle)
				|| contact.email().toLowerCase(Locale.ROOT).contains(needle);
	}

	private static CrmAccount account(Person person, Population population) {
		SplittableRandom random = population.random(person, "crm");
		String number = String.format("%06d", person.index() + 1);
		List<CrmAccount.Owner> owners = OWNERS.get(person.region().name());
		long revenue = (1 + random.nextInt(500)) * 100_000L;
		List<CrmAccount.Deal> deals = new ArrayList<>();
		for (int d = 0, n = random.nextInt(4); d < n; d++) {
			BigDecimal amount = BigDecimal.valueOf(5_000 + random.nextInt(250_000))
				.setScale(2, RoundingMode.UNNECESSARY);
			deals.add(new CrmAccount.Deal("DEAL-" + number + "-" + (d + 1), person.company() + " expansion " + (d + 1),
					amount, (person.region().name().equals("EMEA")) ? "EUR" : "USD",
					STAGES.get(random.nextInt(STAGES.size())),
					Population.instantBefore(random).atZone(ZoneOffset.UTC).toLocalDate().plusDays(180)));
		}
		List<CrmAccount.Note> notes = new ArrayList<>();
		for (int n = 0, count = random.nextInt(3); n < count; n++) {
			notes.add(new CrmAccount.Note("NOTE-" + number + "-" + (n + 1), owners.get(0).userId(),
					Population.instantBefore(random), population.sentence(random)));
		}
		String email = Spellings.email(person.email(), random, 0.05, 0.0);
		return new CrmAccount("ACC-" + number, person.company(),
				new CrmAccount.Contact("CON-" + number, person.firstName(), person.lastName(), email, person.phone(),
						person.jobTitle()),
				new CrmAccount.Address(person.street(), person.city(), person.postalCode(), person.country()),
				person.region().name(), owners.get(random.nextInt(owners.size())),
				deals.isEmpty() ? "prospect" : "customer", revenue, person.restricted() ? "restricted" : "standard",
				List.copyOf(deals), List.copyOf(notes), person.firstSeen());
	}

}
