package dev.authserver.users;

import java.util.ArrayList;
import java.util.List;

/**
 * The console's form that sets an account's roles.
 */
class UserRolesForm {

	private List<String> roles = new ArrayList<>();

	static UserRolesForm of(UserAccount account) {
		UserRolesForm form = new UserRolesForm();
		form.setRoles(new ArrayList<>(account.roles()));
		return form;
	}

	public List<String> getRoles() {
		return this.roles;
	}

	public void setRoles(List<String> roles) {
		this.roles = (roles != null) ? roles : new ArrayList<>();
	}

}
