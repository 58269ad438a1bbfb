// The sandbox chat page: plays one person against the bot through /sandbox/* (no framework).
"use strict";

const $ = (id) => document.getElementById(id);
const view = { userId: null, chatId: null, shownAnswers: 0, blocked: false };

function person() {
  return { id: Number($("user-id").value), first_name: $("first-name").value || undefined,
           language_code: $("language").value || undefined };
}

function isGroup() {
  return document.querySelector("input[name=chat-type]:checked").value === "group";
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method, headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(payload.error || response.statusText);
  return payload;
}

function showError(error) { $("error").textContent = error ? String(error.message || error) : ""; }

async function send(extra) {
  const who = person();
  const body = { first_name: who.first_name, language_code: who.language_code, ...extra };
  if (isGroup()) { body.chat_type = "group"; body.chat_id = Number($("group-id").value); }
  const forward = $("forward-name").value.trim();
  if (forward) body.forward_from_name = forward;
  const edit = $("edit-id").value;
  if (edit) body.edit_message_id = Number(edit);
  try {
    await api("POST", `/sandbox/chats/${who.id}/messages`, body);
    showError(null);
    $("edit-id").value = "";
    await refresh();
  } catch (error) { showError(error); }
}

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1]);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function press(messageId, callbackData) {
  try {
    const body = { callback_data: callbackData, message_id: messageId, ...person() };
    if (isGroup()) body.chat_id = Number($("group-id").value);
    await api("POST", `/sandbox/chats/${view.userId}/press`, body);
    showError(null);
  } catch (error) { showError(error); }
}

function fileNode(file) {
  const url = `/sandbox/files/${encodeURIComponent(file.file_id)}`;
  if (file.kind === "photo" || file.kind === "sticker") {
    const img = document.createElement("img");
    img.src = url; img.alt = file.kind;
    return img;
  }
  const link = document.createElement("a");
  link.href = url; link.target = "_blank";
  link.textContent = `[${file.kind}] ${file.file_name || ""} (${file.file_size} bytes)`;
  return link;
}

function age(seconds) {
  if (seconds < 60) return "just now";
  const days = Math.floor(seconds / 86400), hours = Math.floor((seconds % 86400) / 3600);
  if (days) return hours ? `${days} d ${hours} h ago` : `${days} d ago`;
  if (hours) return `${hours} h ago`;
  return `${Math.floor(seconds / 60)} min ago`;
}

async function deleteAsHer(body) {
  try {
    await api("POST", `/sandbox/chats/${view.userId}/delete`, body);
    showError(null);
    await refresh();
  } catch (error) { showError(error); }
}

function messageNode(message, answers) {
  const item = document.createElement("li");
  item.className = message.from;
  const meta = document.createElement("span");
  meta.className = "meta";
  const who = message.from === "bot" ? "bot" : (message.sender || "you");
  const bits = [`#${message.message_id}`, who];
  if (message.forward_origin) {
    const origin = message.forward_origin;
    bits.push(`forwarded from ${origin.sender_user_name || origin.sender_user?.first_name}`);
  }
  if (message.edit_date) bits.push("edited");
  if (message.reply_to_message_id) bits.push(`reply to #${message.reply_to_message_id}`);
  bits.push(age(message.age_s));
  if (!message.deletable_by_bot) bits.push("too old for the bot to delete");
  meta.textContent = bits.join(" · ");
  if (!isGroup()) {
    const remove = document.createElement("button");
    remove.type = "button"; remove.className = "delete"; remove.textContent = "Delete";
    remove.setAttribute("aria-label", `Delete message #${message.message_id}`);
    remove.title = "She deletes this message, for her and the bot";
    remove.addEventListener("click", () => deleteAsHer({ message_ids: [message.message_id] }));
    meta.append(" ", remove);
  }
  item.append(meta);
  if (message.file) item.append(fileNode(message.file));
  if (message.location) item.append(`📍 ${message.location.latitude}, ${message.location.longitude}`);
  if (message.new_chat_members) item.append("added the bot to the group");
  const text = message.text ?? message.caption;
  if (text) item.append(document.createTextNode(text));
  if (message.buttons.length) {
    const grid = document.createElement("div");
    grid.className = "buttons";
    for (const row of message.buttons) {
      const line = document.createElement("div");
      for (const button of row) {
        const node = document.createElement(button.url ? "a" : "button");
        node.textContent = button.text;
        if (button.url) { node.href = button.url; node.target = "_blank"; }
        else node.addEventListener("click", () => press(message.message_id, button.callback_data));
        line.append(node);
      }
      grid.append(line);
    }
    item.append(grid);
  }
  for (const answer of answers.filter((a) => a.message_id === message.message_id && a.text)) {
    const note = document.createElement("div");
    note.className = "answer";
    note.textContent = `${answer.show_alert ? "alert" : "notice"}: ${answer.text}`;
    item.append(note);
  }
  return item;
}

function replyKeyboard(markup) {
  const box = $("reply-keyboard");
  box.replaceChildren();
  if (!markup) return;
  for (const row of markup.keyboard) {
    const line = document.createElement("div");
    for (const button of row) {
      const label = typeof button === "string" ? button : button.text;
      const node = document.createElement("button");
      node.type = "button"; node.textContent = label;
      node.addEventListener("click", () => send({ text: label }));
      line.append(node);
    }
    box.append(line);
  }
}

let lastRendered = "";
async function refresh() {
  if (view.userId === null) return;
  const query = isGroup() ? `?chat_id=${$("group-id").value}` : "";
  const chat = await api("GET", `/sandbox/chats/${view.userId}${query}`);
  const signature = JSON.stringify([chat.messages, chat.callback_answers, chat.reply_keyboard,
                                    isGroup()]);
  if (signature !== lastRendered) {
    lastRendered = signature;
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren(...chat.messages.map((m) => messageNode(m, chat.callback_answers)));
    if (atBottom) list.scrollTop = list.scrollHeight;
    replyKeyboard(chat.reply_keyboard);
  }
  const action = chat.last_action;
  $("typing").hidden = !(action && chat.clock.now - action.date < 5);
  showClock(chat.clock);
  const title = chat.chat ? (chat.chat.title || chat.chat.first_name) : "no messages yet";
  let status = "";
  if (chat.chat && chat.chat.type !== "private" && !chat.bot_member) status = " — the bot left";
  if (chat.blocked) status = " — you blocked the bot";
  $("chat-title").textContent = `Chat: ${title}${status}`;
  view.blocked = Boolean(chat.blocked);
  $("block").textContent = view.blocked ? "Unblock the bot" : "Block the bot";
}

function showClock(clock) {
  const when = new Date(clock.now * 1000).toISOString().replace("T", " ").slice(0, 19);
  const ahead = clock.offset_s ? ` (${age(clock.offset_s).replace(" ago", "")} ahead)` : "";
  $("clock").textContent = `Sandbox time: ${when} UTC${ahead}${clock.frozen ? ", stopped" : ""}`;
}

async function refreshStatus() {
  try {
    const health = await fetch("/sandbox/health");
    $("bot-status").textContent = health.ok
      ? "The bot is connected." : "The bot is not polling yet — start it, then write here.";
    const listing = await api("GET", "/sandbox/chats");
    const list = $("chats");
    list.replaceChildren(...listing.chats.map((chat) => {
      const item = document.createElement("li");
      item.textContent = `${chat.title || chat.first_name} (${chat.id}) · ${chat.messages} messages`;
      return item;
    }));
  } catch (error) { $("bot-status").textContent = "Server unreachable."; }
}

$("user-form").addEventListener("submit", (event) => {
  event.preventDefault();
  view.userId = Number($("user-id").value);
  lastRendered = "";
  refresh().catch(showError);
});

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value;
  if (!text.trim()) return;
  $("text").value = "";
  send({ text });
});

$("text").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    $("composer").requestSubmit();
  }
});

$("photo").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const caption = $("text").value || undefined;
  $("text").value = "";
  await send({ photo: await readBase64(file), caption });
  event.target.value = "";
});

$("document").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const caption = $("text").value || undefined;
  $("text").value = "";
  const document_ = { name: file.name, mime_type: file.type || "application/octet-stream",
                      base64: await readBase64(file) };
  await send({ document: document_, caption });
  event.target.value = "";
});

for (const button of document.querySelectorAll("button[data-kind]")) {
  button.addEventListener("click", () => send({ kind: button.dataset.kind }));
}

$("block").addEventListener("click", async () => {
  if (view.userId === null) return;
  try {
    await api("POST", `/sandbox/chats/${view.userId}/block`, { blocked: !view.blocked });
    showError(null);
    await refresh();
  } catch (error) { showError(error); }
});

$("clear-history").addEventListener("click", () => {
  if (view.userId !== null) deleteAsHer({ all: true });
});

$("pass-time").addEventListener("click", async () => {
  const body = { seconds: Number($("pass-amount").value) };
  if ($("pass-scope").value === "chat") {
    body.chat_id = isGroup() ? Number($("group-id").value) : view.userId;
  }
  try {
    await api("POST", "/sandbox/clock", body);
    showError(null);
    lastRendered = "";
    await refresh();
  } catch (error) { showError(error); }
});

view.userId = Number($("user-id").value);
setInterval(() => refresh().catch(() => {}), 700);
setInterval(refreshStatus, 2000);
refresh().catch(() => {});
refreshStatus();
