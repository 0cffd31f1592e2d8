package dev.authserver.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admin console's audit page: security events, newest first, filtered by day range
 * (UTC), type, user and client, a page at a time.
 */
@Controller
@RequestMapping("/admin/audit")
class AuditAdminController {

	private final JdbcAuditEventRepository repository;

	private final AuditProperties properties;

	AuditAdminController(JdbcAuditEventRepository repository, AuditProperties properties) {
		this.repository = repository;
		this.properties = properties;
	}

	@GetMapping
	String events(@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			@RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String user,
			@RequestParam(defaultValue = "") String client, @RequestParam(defaultValue = "0") String page,
			Model model) {
		Map<String, String> errors = new TreeMap<>();
		LocalDate fromDay = day(from, "from", errors);
		LocalDate toDay = day(to, "to", errors);
		AuditEventType eventType = eventType(type, errors);
		int pageNumber = pageNumber(page);
		model.addAttribute("filters", Map.of("from", from, "to", to, "type", type, "user", user, "client", client));
		model.addAttribute("types", Arrays.asList(AuditEventType.values()));
		model.addAttribute("fieldErrors", errors);
		model.addAttribute("retention", this.properties.retention());
		if (!errors.isEmpty()) {
			model.addAttribute("events", List.of());
			return "admin/audit";
		}
		// The "to" day is included: events before the start of the day after it.
		AuditQuery query = new AuditQuery(startOf(fromDay), startOf((toDay != null) ? toDay.plusDays(1) : null),
				eventType, StringUtils.hasText(user) ? user.strip() : null,
				StringUtils.hasText(client) ? client.strip() : null);
		int size = this.properties.pageSize();
		List<AuditEvent> events = this.repository.find(query, pageNumber * size, size);
		model.addAttribute("events", events.subList(0, Math.min(size, events.size())));
		model.addAttribute("page", pageNumber);
		model.addAttribute("hasNext", events.size() > size);
		return "admin/audit";
	}

	private static Instant startOf(LocalDate day) {
		return (day != null) ? day.atStartOfDay(ZoneOffset.UTC).toInstant() : null;
	}

	private static LocalDate day(String text, String field, Map<String, String> errors) {
		if (!StringUtils.hasText(text)) {
			return null;
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			errors.put(field, "a date such as 2026-01-31");
			return null;
		}
	}

	private static AuditEventType eventType(String text, Map<String, String> errors) {
		if (!StringUtils.hasText(text)) {
			return null;
		}
		try {
			return AuditEventType.valueOf(text.strip());
		}
		catch (IllegalArgumentException ex) {
			errors.put("type", "one of the listed types");
			return null;
		}
	}

	/** An unreadable or negative page number shows the first page. */
	private static int pageNumber(String text) {
		try {
			return Math.max(0, Math.min(Integer.parseInt(text.strip()), 100_000));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
