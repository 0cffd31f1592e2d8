package dev.authserver.keys;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for signing keys: list them, rotate on demand, revoke a compromised one.
 * Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping("/admin/api/keys")
class SigningKeysAdminApi {

	private static final Logger log = LoggerFactory.getLogger(SigningKeysAdminApi.class);

	private final JdbcSigningKeyRepository repository;

	private final SigningKeyRotator rotator;

	private final SigningKeyRing ring;

	SigningKeysAdminApi(JdbcSigningKeyRepository repository, SigningKeyRotator rotator, SigningKeyRing ring) {
		this.repository = repository;
		this.rotator = rotator;
		this.ring = ring;
	}

	@GetMapping
	List<SigningKeyView> keys() {
		return this.repository.findAllViews();
	}

	/**
	 * Accepted, not done: the next key signs once it has been published for the
	 * pre-publication window.
	 */
	@PostMapping("/rotation")
	ResponseEntity<SigningKeyView> rotate(Principal admin) {
		SigningKeyView next = this.rotator.requestRotation();
		this.ring.reload();
		log.info("Signing key rotation requested by admin {}: kid={} signs from {}", admin.getName(), next.kid(),
				next.activatedAt());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(next);
	}

	@PostMapping("/{kid}/revocation")
	ResponseEntity<?> revoke(@PathVariable String kid, Principal admin) {
		if (!this.rotator.revoke(kid)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No published signing key with that kid");
			// The code this API answered with before it spoke RFC 9457, so that scripts
			// reading it keep working.
			problem.setProperty("error", "not_found");
			return ResponseEntity.of(problem).build();
		}
		this.ring.reload();
		log.warn("Signing key kid={} revoked by admin {}", kid, admin.getName());
		return ResponseEntity.ok(Map.of("kid", kid, "state", SigningKeyState.REVOKED));
	}

}
