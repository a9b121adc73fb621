package com.bakeryia.tenant.tenants;

import com.bakeryia.tenant.problems.Ids;
import com.bakeryia.tenant.security.UserTokenAuthentication;
import com.bakeryia.tenant.tenants.TenantRequests.AddMember;
import com.bakeryia.tenant.tenants.TenantRequests.ChangeRole;
import com.bakeryia.tenant.tenants.TenantRequests.CreateTenant;
import com.bakeryia.tenant.tenants.TenantRequests.ReplaceSettings;
import com.bakeryia.tenant.tenants.TenantRequests.TransferOwnership;
import com.bakeryia.tenant.tenants.TenantViews.AdminsView;
import com.bakeryia.tenant.tenants.TenantViews.MemberView;
import com.bakeryia.tenant.tenants.TenantViews.MembersView;
import com.bakeryia.tenant.tenants.TenantViews.SettingsView;
import com.bakeryia.tenant.tenants.TenantViews.TenantView;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Objects;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tenants, members, ownership transfer and settings, for users (see docs/tenant-service.md). */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

    private static final String TENANT_ID = "tenant_id";
    private static final String USER_ID = "user_id";

    private final TenantService service;

    TenantController(TenantService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<TenantView> create(@Valid @RequestBody CreateTenant request, UserTokenAuthentication caller) {
        TenantView created = service.create(Objects.requireNonNull(request.name()), caller.userId());
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + created.tenantId()))
                .body(created);
    }

    @GetMapping("/{tenantId}")
    TenantView get(@PathVariable String tenantId, UserTokenAuthentication caller) {
        return service.get(Ids.parse(TENANT_ID, tenantId), caller.userId());
    }

    @GetMapping("/{tenantId}/members")
    MembersView members(@PathVariable String tenantId, UserTokenAuthentication caller) {
        return service.members(Ids.parse(TENANT_ID, tenantId), caller.userId());
    }

    @GetMapping("/{tenantId}/admins")
    AdminsView admins(@PathVariable String tenantId, UserTokenAuthentication caller) {
        return service.admins(Ids.parse(TENANT_ID, tenantId), caller.userId());
    }

    @PostMapping("/{tenantId}/members")
    ResponseEntity<MemberView> addMember(
            @PathVariable String tenantId, @Valid @RequestBody AddMember request, UserTokenAuthentication caller) {
        var tenant = Ids.parse(TENANT_ID, tenantId);
        MemberView added = service.addMember(
                tenant, caller.userId(), Ids.parse(USER_ID, request.userId()), Objects.requireNonNull(request.role()));
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant + "/members/" + added.userId()))
                .body(added);
    }

    @PutMapping("/{tenantId}/members/{userId}/role")
    MemberView changeRole(
            @PathVariable String tenantId,
            @PathVariable String userId,
            @Valid @RequestBody ChangeRole request,
            UserTokenAuthentication caller) {
        return service.changeRole(
                Ids.parse(TENANT_ID, tenantId),
                caller.userId(),
                Ids.parse(USER_ID, userId),
                Objects.requireNonNull(request.role()));
    }

    @DeleteMapping("/{tenantId}/members/{userId}")
    ResponseEntity<Void> removeMember(
            @PathVariable String tenantId, @PathVariable String userId, UserTokenAuthentication caller) {
        service.removeMember(Ids.parse(TENANT_ID, tenantId), caller.userId(), Ids.parse(USER_ID, userId));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{tenantId}/transfer-ownership")
    AdminsView transferOwnership(
            @PathVariable String tenantId,
            @Valid @RequestBody TransferOwnership request,
            UserTokenAuthentication caller) {
        return service.transferOwnership(
                Ids.parse(TENANT_ID, tenantId), caller.userId(), Ids.parse("new_owner_id", request.newOwnerId()));
    }

    @GetMapping("/{tenantId}/settings")
    SettingsView settings(@PathVariable String tenantId, UserTokenAuthentication caller) {
        return service.settings(Ids.parse(TENANT_ID, tenantId), caller.userId());
    }

    @PutMapping("/{tenantId}/settings")
    SettingsView replaceSettings(
            @PathVariable String tenantId,
            @Valid @RequestBody ReplaceSettings request,
            UserTokenAuthentication caller) {
        return service.replaceSettings(
                Ids.parse(TENANT_ID, tenantId),
                caller.userId(),
                Objects.requireNonNull(request.timeZone()),
                Objects.requireNonNull(request.currency()),
                Objects.requireNonNull(request.locale()));
    }
}
