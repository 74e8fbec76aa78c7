// quotegen admin console. Plain JavaScript, no dependencies, served by quotegen itself under a CSP that allows
// only this file: no inline script, no eval, no other origin. Every text from the store is inserted with
// textContent, never as HTML. The admin token lives in sessionStorage (this tab only) and travels as a Bearer
// header; there are no cookies, so no request can be forged from another site.
"use strict";

const STRINGS = {
  en: {
    title: "quotegen admin", signOut: "Sign out", signInTitle: "Sign in", tokenLabel: "Admin token",
    tokenHint: "Kept in this tab only (sessionStorage), sent as a Bearer header.", signIn: "Sign in",
    findTitle: "Find quotes", searchLabel: "Words", authorLabel: "Author", tagLabel: "Tag", search: "Search",
    firstPage: "First page", nextPage: "Next page", addTitle: "Add a quote", editTitle: "Edit quote #{id}",
    textLabel: "Text", tagsLabel: "Tags (comma-separated)", add: "Add", save: "Save", cancel: "Cancel",
    conflictText: "Someone else changed this quote since you opened it. Nothing was saved.",
    yourVersion: "Your version", currentVersion: "Current version", reload: "Reload the current version",
    overwrite: "Overwrite with mine", close: "Close", edit: "Edit", history: "History", delete: "Delete",
    historyTitle: "History of quote #{id}", restoreThis: "Restore this version", current: "current",
    noQuotes: "No quote matches.", noAuthor: "no author", deleted: "deleted",
    signedIn: "Signed in.", signedOut: "Signed out.", added: "Quote #{id} added.", saved: "Quote #{id} saved.",
    deletedMessage: "Quote #{id} deleted.", undo: "Undo", restored: "Quote #{id} restored.",
    emptyToken: "Enter an admin token.", emptyText: "The text must not be empty.",
    refused: "This token was refused: it is wrong, revoked or expired.",
    sessionEnded: "Your token is no longer accepted (revoked or expired). Sign in again.",
    duplicate: "A quote with the same text already exists: ", openExisting: "open quote #{id}",
    invalid: "Not saved: {detail}", tooMany: "Too many refused attempts. Wait {seconds} seconds, then try again.",
    unavailable: "The store cannot be reached right now. Nothing was changed; try again in a moment.",
    goneMeanwhile: "Quote #{id} no longer exists (deleted meanwhile).", failed: "The request failed ({status}): {detail}",
    offline: "The server could not be reached. Nothing was changed.",
    actions: { create: "created", update: "edited", delete: "deleted", restore: "restored", revive: "revived", baseline: "baseline" },
    by: "by {actor}",
  },
  fr: {
    title: "quotegen — administration", signOut: "Se déconnecter", signInTitle: "Connexion", tokenLabel: "Jeton d’administration",
    tokenHint: "Gardé dans cet onglet seulement (sessionStorage), envoyé en en-tête Bearer.", signIn: "Se connecter",
    findTitle: "Chercher des citations", searchLabel: "Mots", authorLabel: "Auteur", tagLabel: "Étiquette", search: "Chercher",
    firstPage: "Première page", nextPage: "Page suivante", addTitle: "Ajouter une citation", editTitle: "Modifier la citation n° {id}",
    textLabel: "Texte", tagsLabel: "Étiquettes (séparées par des virgules)", add: "Ajouter", save: "Enregistrer", cancel: "Annuler",
    conflictText: "Quelqu’un d’autre a modifié cette citation depuis que vous l’avez ouverte. Rien n’a été enregistré.",
    yourVersion: "Votre version", currentVersion: "Version actuelle", reload: "Recharger la version actuelle",
    overwrite: "Écraser avec la mienne", close: "Fermer", edit: "Modifier", history: "Historique", delete: "Supprimer",
    historyTitle: "Historique de la citation n° {id}", restoreThis: "Rétablir cette version", current: "actuelle",
    noQuotes: "Aucune citation ne correspond.", noAuthor: "sans auteur", deleted: "supprimée",
    signedIn: "Connecté.", signedOut: "Déconnecté.", added: "Citation n° {id} ajoutée.", saved: "Citation n° {id} enregistrée.",
    deletedMessage: "Citation n° {id} supprimée.", undo: "Annuler la suppression", restored: "Citation n° {id} rétablie.",
    emptyToken: "Saisissez un jeton d’administration.", emptyText: "Le texte ne doit pas être vide.",
    refused: "Ce jeton a été refusé : il est faux, révoqué ou expiré.",
    sessionEnded: "Votre jeton n’est plus accepté (révoqué ou expiré). Reconnectez-vous.",
    duplicate: "Une citation avec le même texte existe déjà : ", openExisting: "ouvrir la citation n° {id}",
    invalid: "Non enregistré : {detail}", tooMany: "Trop de tentatives refusées. Attendez {seconds} secondes, puis réessayez.",
    unavailable: "Le stockage est injoignable pour l’instant. Rien n’a été modifié ; réessayez dans un moment.",
    goneMeanwhile: "La citation n° {id} n’existe plus (supprimée entre-temps).", failed: "La requête a échoué ({status}) : {detail}",
    offline: "Le serveur est injoignable. Rien n’a été modifié.",
    actions: { create: "créée", update: "modifiée", delete: "supprimée", restore: "rétablie", revive: "ranimée", baseline: "état initial" },
    by: "par {actor}",
  },
};

const lang = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"])
  .map((tag) => String(tag).toLowerCase().slice(0, 2)).find((code) => code in STRINGS) || "en";
const text = STRINGS[lang];

function t(key, values = {}) {
  return String(text[key] ?? STRINGS.en[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "quotegen.adminToken";
const state = { token: sessionStorage.getItem(TOKEN_KEY), next: null, editing: null, mine: null, theirs: null };

// ---- talking to the API ----

async function api(method, path, { body, etag, auth = true } = {}) {
  const headers = { Accept: "application/json" };
  if (auth && state.token) headers.Authorization = "Bearer " + state.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (etag) headers["If-Match"] = etag;
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer",
    });
  } catch {
    return { status: 0, ok: false, data: null };
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  return { status: response.status, ok: response.ok, data, etag: response.headers.get("ETag"), retryAfter: response.headers.get("Retry-After") };
}

// ---- messages ----

function say(message, action) {
  $("alert").hidden = true;
  const status = $("status");
  status.replaceChildren(document.createTextNode(message));
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = action.label;
    button.addEventListener("click", action.run, { once: true });
    status.append(button);
  }
}

function complain(...parts) {
  const alert = $("alert");
  alert.replaceChildren(...parts.map((part) => (typeof part === "string" ? document.createTextNode(part) : part)));
  alert.hidden = false;
}

function clearMessages() {
  $("status").replaceChildren();
  $("alert").hidden = true;
  for (const field of document.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
}

/** Says what went wrong, for every problem the API answers (a 401 ends the session). */
function explain(result, id) {
  const detail = (result.data && result.data.detail) || "";
  switch (result.status) {
    case 0:
      complain(t("offline"));
      return;
    case 401:
      signOut(t("sessionEnded"), true);
      return;
    case 404:
      complain(t("goneMeanwhile", { id }));
      return;
    case 409: {
      const existing = result.data && result.data.existing_id;
      const link = document.createElement("a");
      link.href = "#quote-" + existing;
      link.textContent = t("openExisting", { id: existing });
      complain(t("duplicate"), link);
      return;
    }
    case 422: {
      complain(t("invalid", { detail }));
      const field = /^(quote|text)\b/.test(detail) ? "quote-text" : /^author\b/.test(detail) ? "quote-author" : /tag/.test(detail) ? "quote-tags" : null;
      if (field) {
        $(field).setAttribute("aria-invalid", "true");
        $(field).focus();
      }
      return;
    }
    case 429:
      complain(t("tooMany", { seconds: result.retryAfter || "60" }));
      return;
    case 503:
    case 507:
      complain(t("unavailable"));
      return;
    default:
      complain(t("failed", { status: result.status, detail }));
      return;
  }
}

// ---- signing in and out ----

async function signIn(event) {
  event.preventDefault();
  clearMessages();
  const token = $("token").value.trim();
  if (!token) {
    $("token").setAttribute("aria-invalid", "true");
    complain(t("emptyToken"));
    return;
  }
  state.token = token;
  // Any admin read proves the token; the feed's newest entry is the cheapest.
  const result = await api("GET", "/changes?limit=1");
  if (!result.ok) {
    state.token = null;
    $("token").setAttribute("aria-invalid", "true");
    if (result.status === 401) complain(t("refused"));
    else explain(result);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $("token").value = "";
  showWorkspace();
  say(t("signedIn"));
  await loadPage(null);
}

function signOut(message, isProblem) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  $("workspace").hidden = true;
  $("sign-out").hidden = true;
  $("sign-in").hidden = false;
  if (isProblem) complain(message);
  else say(message);
  $("token").focus();
}

function showWorkspace() {
  $("sign-in").hidden = true;
  $("workspace").hidden = false;
  $("sign-out").hidden = false;
}

// ---- the list ----

function searchQuery(after) {
  const params = new URLSearchParams();
  for (const [name, id] of [["q", "search-q"], ["author", "search-author"], ["tag", "search-tag"]]) {
    const value = $(id).value.trim();
    if (value) params.set(name, value);
  }
  params.set("limit", "20");
  if (after !== null && after !== undefined) params.set("after", String(after));
  return "/quotes?" + params.toString();
}

async function loadPage(after) {
  const result = await api("GET", searchQuery(after));
  if (!result.ok) {
    explain(result);
    return;
  }
  const list = $("results");
  list.replaceChildren(...result.data.items.map(quoteRow));
  if (result.data.items.length === 0) {
    const empty = document.createElement("li");
    empty.textContent = t("noQuotes");
    list.append(empty);
  }
  state.next = result.data.next;
  $("next-page").disabled = state.next === null;
  $("first-page").disabled = after === null;
}

function describe(quote) {
  const parts = ["#" + quote.id, quote.author || t("noAuthor")];
  if (quote.tags.length) parts.push(quote.tags.join(", "));
  return parts.join(" · ");
}

function quoteRow(quote) {
  const row = $("quote-row").content.firstElementChild.cloneNode(true);
  row.dataset.id = String(quote.id);
  row.querySelector(".quote-text").textContent = quote.quote;
  row.querySelector(".meta").textContent = describe(quote);
  translate(row);
  for (const button of row.querySelectorAll("button")) {
    button.setAttribute("aria-label", button.textContent + " #" + quote.id);
  }
  row.querySelector(".edit").addEventListener("click", () => openForEditing(quote.id));
  row.querySelector(".history").addEventListener("click", () => showHistory(quote.id));
  row.querySelector(".delete").addEventListener("click", () => deleteQuote(quote.id));
  return row;
}

// ---- adding and editing ----

function editorContent() {
  return {
    quote: $("quote-text").value,
    author: $("quote-author").value.trim() || null,
    tags: $("quote-tags").value.split(",").map((tag) => tag.trim()).filter((tag) => tag !== ""),
  };
}

function fillEditor(quote) {
  $("quote-text").value = quote ? quote.quote : "";
  $("quote-author").value = quote && quote.author ? quote.author : "";
  $("quote-tags").value = quote ? quote.tags.join(", ") : "";
}

function resetEditor() {
  state.editing = null;
  fillEditor(null);
  $("editor-title").textContent = t("addTitle");
  $("save").textContent = t("add");
  $("cancel-edit").hidden = true;
  $("conflict").hidden = true;
}

async function openForEditing(id) {
  clearMessages();
  const result = await api("GET", "/quotes/" + id);
  if (!result.ok) {
    explain(result, id);
    return;
  }
  state.editing = { id, etag: result.etag };
  fillEditor(result.data);
  $("editor-title").textContent = t("editTitle", { id });
  $("save").textContent = t("save");
  $("cancel-edit").hidden = false;
  $("conflict").hidden = true;
  $("quote-text").focus();
}

async function save(event) {
  event.preventDefault();
  clearMessages();
  const content = editorContent();
  if (!content.quote.trim()) {
    $("quote-text").setAttribute("aria-invalid", "true");
    $("quote-text").focus();
    complain(t("emptyText"));
    return;
  }
  if (!state.editing) {
    const result = await api("POST", "/quotes", { body: content });
    if (!result.ok) return explain(result);
    resetEditor();
    say(t("added", { id: result.data.id }));
    await loadPage(null);
    return;
  }
  await put(state.editing.id, content, state.editing.etag);
}

async function put(id, content, etag) {
  const result = await api("PUT", "/quotes/" + id, { body: content, etag });
  if (result.status === 412) {
    await showConflict(id, content);
    return;
  }
  if (!result.ok) return explain(result, id);
  resetEditor();
  say(t("saved", { id }));
  await loadPage(null);
}

async function showConflict(id, mine) {
  const current = await api("GET", "/quotes/" + id);
  if (!current.ok) return explain(current, id);
  state.mine = mine;
  state.theirs = { quote: current.data, etag: current.etag };
  $("conflict-mine").textContent = mine.quote + (mine.author ? " — " + mine.author : "");
  $("conflict-theirs").textContent = current.data.quote + (current.data.author ? " — " + current.data.author : "");
  $("conflict").hidden = false;
  $("conflict-reload").focus();
}

function reloadTheirs() {
  state.editing = { id: state.theirs.quote.id, etag: state.theirs.etag };
  fillEditor(state.theirs.quote);
  $("conflict").hidden = true;
  $("quote-text").focus();
}

async function overwriteWithMine() {
  $("conflict").hidden = true;
  await put(state.theirs.quote.id, state.mine, state.theirs.etag);
}

// ---- deleting, undo, history ----

async function deleteQuote(id) {
  clearMessages();
  const current = await api("GET", "/quotes/" + id);
  if (!current.ok) return explain(current, id);
  // Deleting that exact state, so that Undo brings back what the admin saw.
  const result = await api("DELETE", "/quotes/" + id, { etag: current.etag });
  if (!result.ok) return explain(result, id);
  const revision = Number(String(current.etag).replace(/"/g, "").split("-")[1]);
  say(t("deletedMessage", { id }), { label: t("undo"), run: () => restore(id, revision) });
  if (state.editing && state.editing.id === id) resetEditor();
  await loadPage(null);
  $("status").querySelector("button")?.focus();
}

async function restore(id, revision) {
  clearMessages();
  const result = await api("POST", "/quotes/" + id + "/restore", { body: { revision } });
  if (!result.ok) return explain(result, id);
  say(t("restored", { id }));
  await loadPage(null);
  if (!$("history").hidden && $("history").dataset.id === String(id)) await showHistory(id, true);
}

async function showHistory(id, keepFocus) {
  const result = await api("GET", "/quotes/" + id + "/history?limit=100");
  if (!result.ok) return explain(result, id);
  const panel = $("history");
  panel.dataset.id = String(id);
  $("history-title").textContent = t("historyTitle", { id });
  const entries = result.data.items;
  $("history-list").replaceChildren(...entries.map((entry, index) => {
    const item = document.createElement("li");
    item.className = "revision";
    const body = document.createElement("p");
    body.className = "quote-text";
    body.textContent = entry.quote;
    const meta = document.createElement("p");
    meta.className = "meta";
    const action = (text.actions && text.actions[entry.action]) || entry.action;
    const bits = ["r" + entry.revision, action, t("by", { actor: entry.actor }), entry.at, entry.author || t("noAuthor")];
    if (entry.tags.length) bits.push(entry.tags.join(", "));
    if (entry.deleted) bits.push(t("deleted"));
    if (index === 0) bits.push(t("current"));
    meta.textContent = bits.join(" · ");
    item.append(body, meta);
    if (index > 0 || entry.deleted) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "restore";
      button.textContent = t("restoreThis");
      button.setAttribute("aria-label", t("restoreThis") + " r" + entry.revision);
      // A deleted state's content comes back live: restoring is also how a delete is undone.
      button.addEventListener("click", () => restore(id, entry.revision));
      item.append(button);
    }
    return item;
  }));
  panel.hidden = false;
  if (!keepFocus) $("history-title").focus();
}

// ---- start ----

function translate(root) {
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
}

function openFromHash() {
  const match = /^#quote-(\d+)$/.exec(location.hash);
  if (match && state.token) openForEditing(Number(match[1]));
}

document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.lang = lang;
  translate(document);
  document.title = t("title");
  $("sign-in-form").addEventListener("submit", signIn);
  $("sign-out").addEventListener("click", () => signOut(t("signedOut")));
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearMessages();
    loadPage(null);
  });
  $("next-page").addEventListener("click", () => loadPage(state.next));
  $("first-page").addEventListener("click", () => loadPage(null));
  $("editor").addEventListener("submit", save);
  $("cancel-edit").addEventListener("click", () => {
    clearMessages();
    resetEditor();
  });
  $("conflict-reload").addEventListener("click", reloadTheirs);
  $("conflict-overwrite").addEventListener("click", overwriteWithMine);
  $("history-close").addEventListener("click", () => {
    $("history").hidden = true;
  });
  window.addEventListener("hashchange", openFromHash);
  if (state.token) {
    showWorkspace();
    loadPage(null);
    openFromHash();
  } else {
    $("token").focus();
  }
});
