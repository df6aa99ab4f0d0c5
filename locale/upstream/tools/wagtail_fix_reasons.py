"""Why each upstream Latvian string was changed, keyed "domain|msgctxt|msgid".

Written by wagtail_batch.py ("N ! reason" lines); read by wagtail_fixes.py
to produce ../wagtail/FIXES.md.
"""

REASONS = {'djangojs||Alt text': 'terminology: alt text → alternatīvais teksts ("Alt teksts" is not Latvian)',
 'djangojs||Dashboard': 'terminology: dashboard → vadības panelis',
 'djangojs||Duplicate': '"dublicēt" is a barbarism; the verb is "dublēt"',
 'djangojs||Edit': 'terminology: edit → rediģēt ("labot")',
 "djangojs||Edit '%(title)s'": 'Latvian quotation marks «…»',
 'djangojs||Line break': 'a line break in text is "rindiņas pārtraukums" ("līnija" is a drawn '
                         'line)',
 'djangojs||Loading…': 'typographic ellipsis as in the source',
 'djangojs||Preview': 'the heading of a block preview: the noun "priekšskatījums", not the verb',
 'djangojs||Reload the page': 'the button reloads the browser page, not "the page content"',
 'djangojs||See all': 'the string is followed by " N lapas" (the page explorer\'s child page '
                      'count); "Apskatīt visu" (see everything) does not agree with it, a colon '
                      'keeps the count in the nominative',
 'djangojs||Settings': 'terminology: settings → iestatījumi ("uzstādījumi" is a barbarism)',
 'djangojs||Show latest content': 'typo "Pārādīt"',
 'djangojs||The editor just crashed. Content has been reset to the last saved version.': 'ungrammatical '
                                                                                         '("Redaktors '
                                                                                         'kļūda")',
 'djangojs||This field is required.': '"nepieciešams" is not Django\'s wording for a required '
                                      'field ("obligāts"); missing full stop',
 "djangojs||View child pages of '%(title)s'": 'terminology: child page → apakšlapa ("zemāka līmeņa '
                                              'lapas"); the title in a genitive slot; quotation '
                                              'marks',
 'django||%(setting_type)s updated.': 'the plural masculine participle ("saglabāti") does not '
                                      'agree with every setting name; colon construction',
 'django||A user with that username already exists.': 'typo "Lietotājvāds"; missing full stop; the same wording '
                                                      'as Django\'s own msgid ("jau pastāv")',
 'django||Add a group': 'typo "PIevienot"',
 'django||Add multiple images': 'full stop not in the source (a title)',
 'django||Add redirect': 'terminology: redirect → pāradresācija ("novirzījums")',
 'django||Add view restrictions': 'one term for view restriction ("skatīšanas ierobežojums", as in '
                                  'the model names) instead of "apskates"',
 'django||Add/edit pages you own': 'terminology: edit → rediģēt ("labot")',
 "django||Added the '%(restriction)s' view restriction": 'one term for view restriction; quotation '
                                                         'marks of the source lost',
 'django||Added view restriction': 'typo "PIevienots"',
 'django||All': '"Viss" means "everything"; the filter option is "all (types)"',
 'django||Alt text': 'terminology: alt text → alternatīvais teksts ("Alt teksts" is not Latvian)',
 'django||Are you sure you want to delete this group?': '"esat drošs" is masculine and a calque of '
                                                        '"are you sure"; the project\'s wording is '
                                                        '"Vai tiešām vēlaties …?"',
 'django||Change document:': '"Mainīt dokumentu" reads as editing the document; the label is for '
                             'replacing its file',
 'django||Change image file:': 'the colon of the source (a label before the file input) was lost',
 'django||Choose %(object)s': 'a model name cannot be inflected into the accusative after the '
                              'verb; colon construction',
 'django||Choose a different root page': 'English "root" left in quotes; root page → "saknes lapa"',
 'django||Choose a root page': 'English "root" left in quotes; root page → "saknes lapa"',
 'django||Choose another %(object)s': '"citu %(object)s" needs the model name in the accusative; '
                                      'fixed noun "ierakstu"',
 'django||Choose another document': 'full stop not in the source (a button)',
 'django||Choose from popular search terms': '"izvēlēties starp" is a calque; "izvēlēties no"',
 'django||Create alias': "one term for a page alias across Wagtail's catalogues (upstream mixes "
                         '"aizstājlapa" and "aizstājējlapa"); "spoguļlapa" (a page that mirrors '
                         "another) as in the project's admin catalogue",
 'django||Created an alias': 'one term for a page alias across Wagtail\'s catalogues: "spoguļlapa" '
                             '(a page that mirrors another)',
 'django||Created an alias of %(title)s': '"Izveidota %(title)s aizstājējlapa" puts an '
                                          'uninflectable title in a genitive slot; one term for a '
                                          'page alias ("spoguļlapa")',
 'django||Default?': '"Pēc noklusējuma?" means "by default?"; the column says whether the site is '
                     'the default site',
 'django||Delete %(query)s': 'the interpolated search term is a quoted phrase, not an inflectable '
                             'noun',
 'django||Delete %(snippet_type_name)s': 'a model name cannot be inflected into the accusative '
                                         'after the verb; colon construction',
 'django||Delete redirect %(title)s': 'terminology: redirect → pāradresācija',
 "django||Document '%(document_title)s' added.": 'Latvian quotation marks «…»; same wording as the '
                                                 'image messages',
 "django||Document '%(document_title)s' deleted.": 'Latvian quotation marks «…»; same wording as '
                                                   'the image messages',
 "django||Document '%(document_title)s' updated": '"atjaunots" means restored; updated → '
                                                  '"atjaunināts"; Latvian quotation marks',
 'django||Edit': 'terminology: edit → rediģēt ("labot" means correct/fix)',
 'django||Edit any page': 'terminology: edit → rediģēt',
 'django||Edit this %(object)s': 'terminology: edit → rediģēt; the model name cannot be inflected '
                                 '("šo %(object)s"): fixed noun "ierakstu"',
 'django||Edit this document': 'terminology: edit → rediģēt',
 'django||Edit this image': 'terminology: edit → rediģēt',
 'django||Edited': 'terminology: edit → rediģēt ("labots" means corrected)',
 'django||Enter the full search string to match. An exact match is required for your Promoted Results to be displayed, wildcards are NOT allowed.': 'terminology: '
                                                                                                                                                    'promoted '
                                                                                                                                                    'result '
                                                                                                                                                    '→ '
                                                                                                                                                    'ieteiktais '
                                                                                                                                                    'rezultāts '
                                                                                                                                                    '("reklamētie" '
                                                                                                                                                    'means '
                                                                                                                                                    'advertised); '
                                                                                                                                                    'capitalised '
                                                                                                                                                    '"Jūsu"; '
                                                                                                                                                    'missing '
                                                                                                                                                    'comma '
                                                                                                                                                    'before '
                                                                                                                                                    '"lai"',
 'django||Error message': '"Kļūda" (error) lost "message": this is the sample of an error message',
 'django||Filter': 'the field label is the noun "filter" (a rendition filter spec), not the verb '
                   '"atsijāt" (to sift)',
 'django||Forms': 'a web form is "veidlapa" ("forma" is a shape/form in general)',
 "django||Group '%(object)s' created.": 'missing full stop; Latvian quotation marks «…»',
 "django||Group '%(object)s' deleted.": 'Latvian quotation marks «…»',
 "django||Group '%(object)s' updated.": '"atjaunota" means restored; updated → "atjaunināta"; '
                                        'Latvian quotation marks',
 'django||Home': 'the breadcrumb leads to the admin dashboard, not to a home page; same word as '
                 'the admin catalogue',
 "django||Image '%(image_title)s' added.": 'Latvian quotation marks «…»',
 "django||Image '%(image_title)s' deleted.": 'Latvian quotation marks «…»',
 "django||Image '%(image_title)s' updated.": '"atjaunots" means restored; updated → "atjaunināts"; '
                                             'Latvian quotation marks',
 'django||Lock': 'terminology: lock → bloķēt',
 'django||Locked': 'terminology: lock → bloķēt ("slēgts" means closed)',
 'django||Max dimensions': 'the value shown is the original image\'s full size, not a "maximum '
                           'allowed" size ("pieļaujamie")',
 'django||Moved': 'masculine like the other log labels ("Kopēts", "Pārsaukts", "Publicēts")',
 "django||Moved from '%(old_parent)s' to '%(new_parent)s'": 'quotation marks of the source lost; '
                                                            'masculine like the other log labels '
                                                            '("Kopēts", "Pārsaukts")',
 'django||Name': '(wagtail/users) in the group permission table "Name" is the name of a '
                 'model/permission, not a person\'s first name ("Vārds")',
 'django||New': 'the same msgid is the title of every generic create view ("Jauns ieraksts: Izaicinājums"), '
                 'whose model names have any gender; "Jauns ieraksts" / "Esošs ieraksts" for the new and the '
                 'existing image too',
 'django||Number': 'a form field type: "number" is "skaitlis" ("skaits" means a count)',
 'django||Or choose from your computer': 'the "Or" of the source (the alternative to drag and '
                                         'drop) was lost; a button label in the infinitive',
 'django||Permanent': 'agrees with "pāradresācija" (feminine): the filter lists redirects',
 'django||Please enter a valid URL': 'missing comma after "Lūdzu"; the field is labelled "URL"',
 'django||Please specify at least one recommendation for this search term.': 'missing comma after '
                                                                             '"Lūdzu" and final '
                                                                             'full stop; '
                                                                             '"rekomendācija" → '
                                                                             '"ieteikums"',
 'django||Preview': 'a heading / column title: the noun "priekšskatījums", not the verb',
 'django||Query Daily Hits': '"Dienas sasniegtie vaicājumi" (queries reached per day) does not say '
                             'what is counted: the daily hits of a query',
 'django||Receive notification when a page is submitted for moderation': '"administrēšanai" (for '
                                                                         'administration) instead '
                                                                         'of moderation → '
                                                                         'pārskatīšana',
 'django||Receive notification when your page edit is approved': '"your" was lost; terminology: '
                                                                 'edit → rediģēt/izmaiņas '
                                                                 '("labojumi" are corrections)',
 'django||Receive notification when your page edit is rejected': 'terminology: reject → noraidīt '
                                                                 '("atraidīti"); "your" was lost',
 "django||Redirect '%(redirect_title)s' added.": 'terminology: redirect → pāradresācija; Latvian '
                                                 'quotation marks',
 "django||Redirect '%(redirect_title)s' deleted.": 'terminology: redirect → pāradresācija; Latvian '
                                                   'quotation marks',
 "django||Redirect '%(redirect_title)s' updated.": 'terminology: redirect → pāradresācija; '
                                                   '"atjaunots" means restored (updated → '
                                                   'atjaunināts); Latvian quotation marks',
 'django||Redirects': 'terminology: redirect → pāradresācija ("novirzījums" is a deviation)',
 'django||Remove view restrictions': 'one term for view restriction ("skatīšanas ierobežojums")',
 'django||Removed view restriction': 'one term for view restriction ("skatīšanas ierobežojums")',
 "django||Renamed from '%(old)s' to '%(new)s'": 'Latvian quotation marks «…»',
 'django||Resize to height': 'dangling preposition ("Mainīt augstumu uz")',
 'django||Resize to max': '"uz maksimālu" is a calque; parallel to the other resize options',
 'django||Resize to width': '"Mainīt platumu" (change the width) is not what the option does '
                            '(scale to the width keeping the proportions); now parallel to the '
                            'other resize options',
 'django||Resubmit to %(task_name)s': '"Atkārtoti iesniegt %(task_name)s" says the task itself is '
                                      'resubmitted; it is resubmitted to the task',
 'django||Revert': 'misspelt ("Agriezt"); terminology: revert → atjaunot (versiju)',
 'django||Revision %(revision_id)s from %(created_at)s scheduled for publishing at %(go_live_at)s.': '"pārskatījums" '
                                                                                                     'means '
                                                                                                     'a '
                                                                                                     'review, '
                                                                                                     'not '
                                                                                                     'a '
                                                                                                     'revision '
                                                                                                     '(versija); '
                                                                                                     'wrong '
                                                                                                     'case '
                                                                                                     '("Pārskatījumam '
                                                                                                     '… '
                                                                                                     'ieplānota")',
 'django||Revision %(revision_id)s from %(created_at)s unscheduled from publishing at %(go_live_at)s.': '"pārskatījums" '
                                                                                                        'means '
                                                                                                        'a '
                                                                                                        'review, '
                                                                                                        'not '
                                                                                                        'a '
                                                                                                        'revision '
                                                                                                        '(versija); '
                                                                                                        'missing '
                                                                                                        'full '
                                                                                                        'stop',
 'django||Saving…': 'typographic ellipsis as in the source and the other progress labels',
 'django||Schedule publication': 'terminology: schedule → ieplānot',
 'django||Search redirects': 'terminology: redirect → pāradresācija',
 'django||Settings': 'terminology: settings → iestatījumi ("uzstādījumi" is a barbarism)',
 'django||Sorry, no images match "<em>%(query_string)s</em>"': 'Latvian quotation marks «…»; '
                                                               '"Sorry" (diemžēl) was lost',
 'django||Sorry, no redirects match "<em>%(query_string)s</em>"': 'terminology: redirect → '
                                                                  'pāradresācija; Latvian '
                                                                  'quotation marks; "Sorry" lost',
 'django||Submissions of %(form_title)s': 'the uninflectable title was put in a genitive slot '
                                          '("%(form_title)s iesniegumi")',
 'django||Submit for moderation': 'terminology: moderation → pārskatīšana ("moderācija")',
 'django||Submit to %(workflow_name)s': '"iesniegt uz" is a calque; same wording as the admin '
                                        'catalogue',
 'django||The descriptive text displayed underneath a headline in search engine results.': 'misspelt '
                                                                                           '"mēklētājprogrammās"',
 'django||The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/': '"t. '
                                                                                                 'i." '
                                                                                                 'means '
                                                                                                 '"that '
                                                                                                 'is", '
                                                                                                 'the '
                                                                                                 'source '
                                                                                                 'says '
                                                                                                 '"e.g."; '
                                                                                                 'terminology '
                                                                                                 'slug '
                                                                                                 '→ '
                                                                                                 'adreses '
                                                                                                 'daļa',
 'django||The name of the page displayed on search engine results as the clickable headline.': 'ungrammatical '
                                                                                               '("kas '
                                                                                               'ir '
                                                                                               'rādīt"), '
                                                                                               'misspelt '
                                                                                               '"mēklētājprogrammu"',
 'django||The password you have entered is not correct. Please try again.': 'misspelt imperative '
                                                                            '("mēģinājiet" → '
                                                                            '"mēģiniet"); '
                                                                            'capitalised "Jūs" '
                                                                            '(the project '
                                                                            'addresses the editor '
                                                                            'with lower-case '
                                                                            '"jūs")',
 'django||The setting could not be saved due to errors.': 'terminology: settings → iestatījumi; '
                                                          'singular like the source',
 "django||There have been no submissions of the '%(title)s' form.": '"Nav \'…\' veida iesniegumu" '
                                                                    'says "no submissions of the '
                                                                    'type …"; the title is the '
                                                                    "form's",
 'django||This block has no options.': 'missing full stop of the source sentence',
 'django||This field is required.': '"nepieciešams" is not Django\'s wording for a required field '
                                    '("obligāts"); missing full stop',
 'django||This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s.': 'missing verb '
                                                                                     '("Fails '
                                                                                     'pārāk '
                                                                                     'liels"); '
                                                                                     'same wording '
                                                                                     'as the '
                                                                                     'message '
                                                                                     'without the '
                                                                                     'file size',
 'django||To': '"līdz" means "until/up to"; a redirect goes to ("uz") a target',
 'django||URL': 'the same msgid labels the URL form-field type and the embed URL field; "Adrese" '
                'is ambiguous (postal / e-mail address)',
 'django||URL path': '"saite" is a link; a URL path is "URL ceļš"',
 'django||Unknown %(action)s': 'the adjective had no noun to agree with ("Nezināma wagtail.x"); '
                               'now "Nezināma darbība: …"',
 'django||Unlock': 'terminology: unlock → atbloķēt',
 'django||Unlocked': 'terminology: unlock → atbloķēt ("atslēgts" means switched off)',
 'django||Unpublish': 'terminology: unpublish → atcelt publicēšanu ("atsaukt" is to '
                      'revoke/withdraw)',
 'django||Unschedule publication': '"atplānot" is not a Latvian word',
 'django||Update view restrictions': 'one term for view restriction ("skatīšanas ierobežojums")',
 "django||Updated the view restriction to '%(restriction)s'": 'the source says the restriction was '
                                                              'changed to X, not that X was '
                                                              'updated',
 'django||Updated view restriction': 'one term for view restriction ("skatīšanas ierobežojums")',
 "django||Upload successful. Please update this image with a more appropriate title, if necessary. You may also delete the image completely if the upload wasn't required.": 'missing '
                                                                                                                                                                             'comma '
                                                                                                                                                                             'after '
                                                                                                                                                                             '"Lūdzu"; '
                                                                                                                                                                             '"atjaunot" '
                                                                                                                                                                             'means '
                                                                                                                                                                             'restore '
                                                                                                                                                                             '(update '
                                                                                                                                                                             '→ '
                                                                                                                                                                             'atjaunināt); '
                                                                                                                                                                             '"completely" '
                                                                                                                                                                             'lost',
 "django||User '%(object)s' created.": 'wrong noun: a created user was reported as "Grupa \'…\' '
                                       'izveidota" (a group)',
 "django||User '%(object)s' updated.": '"atjaunots" means restored; updated → "atjaunināts"; '
                                       'trailing space; Latvian quotation marks',
 'django||View live': '"tekošā" is a barbarism; terminology: live → publicēts',
 'django||Whether a link to this page will appear in automatically generated menus': '"radīta" '
                                                                                     '(created) '
                                                                                     'instead of '
                                                                                     '"rādīta" '
                                                                                     '(shown); '
                                                                                     'wrong case '
                                                                                     '("izvēlnes" '
                                                                                     'accusative '
                                                                                     'for a '
                                                                                     'location)',
 'django||Workflow task approved': 'full stop not in the source (log entry label)',
 'django||Workflow task rejected. Workflow complete': 'final full stop not in the source (log '
                                                      'entry label)',
 'django||Workflow task resubmitted. Workflow resumed': 'final full stop not in the source (log '
                                                        'entry label)',
 'django||Yes, delete': 'the "Yes" of the confirmation button was lost; it pairs with "Nē, '
                        'nedzēst"',
 'django||default': '"noklusētais" (an adjective needing a noun to agree with); it is shown as '
                    '"[default]" after a site\'s name, so "noklusējuma vietne"',
 'django||expired': '"novecojis" means "outdated"; the status means the expiry date has passed',
 'django||expiry date/time': 'terminology: expiry → publicēšanas beigas ("derīguma beigšanās" is '
                             'for documents/products)',
 'django||first published at': 'it is a date/time field; "pirmo reizi publicēta" is a feminine '
                               'participle (page) and not a field name',
 'django||go live date/time': 'ungrammatical ("publicēt tiešsaistē datums/laiks"); terminology: '
                              'go-live → publicēšanas sākums',
 'django||hostname': 'leading space',
 'django||in moderation': 'terminology: moderation → pārskatīšana ("pārbaude" is a check/test)',
 'django||last published at': 'as "first published at": a date/time field, not a feminine '
                              'participle',
 'django||latest revision': 'terminology: revision → versija',
 'django||latest revision created at': 'a date/time field name, not a sentence ("pēdējā versija '
                                       'tika izveidota")',
 'django||live': 'terminology: live → publicēts ("tiešsaistē" is "online")',
 'django||live + draft': 'misspelt ("tiešsaitē") and terminology: live → publicēts',
 'django||live revision': 'terminology: live → publicēts, revision → versija',
 'django||locked': 'terminology: lock → bloķēt; masculine like the other field names',
 'django||locked at': '"tika slēgta" ("was closed") is not a field name; terminology lock → bloķēt',
 'django||locked by': 'same text as "locked at" ("tika slēgta"); the field is the user who locked',
 'django||meta description': 'misspelt ("aparaksts")',
 'django||object id': 'misspelt ("identifikātors"); terminology: object → ieraksts, as Django\'s "object ID" '
                       '("ieraksta ID")',
 'django||page view restriction': 'singular model name was translated as a plural ("ierobežojumi")',
 'django||page view restrictions': 'capitalised unlike the source and the other model names',
 'django||scheduled': 'terminology: scheduled → ieplānots',
 'django||show in menus': '"radīt" means "create"; "show" is "rādīt"',
 'django||slug': 'terminology: slug → adreses daļa (slug); "saite" is a link, not a URL'}
