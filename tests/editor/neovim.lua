-- Headless Neovim as a real LSP client of `cfgate lsp` (run by neovim.sh).
-- Opens the fixture bundle's scenario.yaml, collects the diagnostics Neovim
-- shows, applies the migration quick fix, and writes what it saw to $OUT.
-- Written for Neovim 0.7 (Debian 12) and later: start_client/buf_attach_client.

local cfgate = assert(os.getenv('CFGATE'), 'CFGATE not set')
local file = assert(os.getenv('FIXTURE'), 'FIXTURE not set')
local out_path = assert(os.getenv('OUT'), 'OUT not set')
local lines = {}

local function finish(status)
  local out = assert(io.open(out_path, 'w'))
  out:write(table.concat(lines, '\n') .. '\n')
  out:close()
  vim.cmd(status == 0 and 'qall!' or 'cquit 1')
end

local function fail(message)
  table.insert(lines, 'FAILED: ' .. message)
  finish(1)
end

local severities = { 'error', 'warning', 'info', 'hint' }

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
end

local function sorted_diagnostics(buf)
  local diagnostics = vim.diagnostic.get(buf)
  table.sort(diagnostics, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return diagnostics
end

-- Neovim shows diagnostics at byte columns: it converts the server's UTF-16
-- ranges, so a wrong column would show here.
local function record(title, buf)
  table.insert(lines, title)
  for _, d in ipairs(sorted_diagnostics(buf)) do
    table.insert(lines, string.format('%s %s %d:%d-%d:%d', code_of(d), severities[d.severity],
      d.lnum, d.col, d.end_lnum, d.end_col))
  end
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'cfgate',
    cmd = { cfgate, 'lsp' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
  })
  if not client_id then return fail('cfgate lsp did not start') end
  vim.lsp.buf_attach_client(buf, client_id)
  if not vim.wait(60000, function() return #vim.diagnostic.get(buf) >= 4 end, 20) then
    return fail('no diagnostics from cfgate lsp')
  end
  record('opened:', buf)

  -- The migration quick fix on the legacy bee `id` (line 20, 0-based 19).
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 19, character = 6 }, ['end'] = { line = 19, character = 6 } },
    context = { diagnostics = {} },
  }
  local response = client.request_sync('textDocument/codeAction', params, 30000, buf)
  if not response or not response.result then return fail('no code actions') end
  local chosen
  for _, action in ipairs(response.result) do
    if action.kind == 'quickfix' and action.title:find('^Migrate') then chosen = action end
  end
  if not chosen then return fail('no migration quick fix') end
  table.insert(lines, 'applied: ' .. chosen.title)
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  table.insert(lines, 'line 20: ' .. vim.api.nvim_buf_get_lines(buf, 19, 20, false)[1])

  -- The unsaved buffer is re-checked: the legacy-field error goes away.
  local fixed = vim.wait(60000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == 'PH111' then return false end
    end
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  if not fixed then return fail('diagnostics not refreshed after the edit') end
  record('after the fix:', buf)
  -- shutdown, then exit: the server ends with status 0.
  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end)
if not ok then fail(tostring(err)) end
finish(0)
